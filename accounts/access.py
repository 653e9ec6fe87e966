"""Object permissions of the roles: pages and image collections, which a migration cannot reach.

`setup_roles()` is idempotent: `seed_demo` runs it, and `manage.py setup_roles` runs it on a real site
after its pages exist. It only adds; permissions given by hand in the admin stay.

Editors get the brand sites but not the agencies' rentals section (page permissions pass down the tree);
a business owner changes their partner page and editors publish it; realtors, agency admins and business
owners upload photos into collections of their own. The reasons are in docs/permissions.md, "Decisions"."""

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_default_page_content_type,
)

from accounts import roles

EDITOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
BUSINESS_OWNER_PAGE_ACTIONS = ("change",)
PARTNER_REVIEW = "Проверка партнёров клуба"
BUSINESS_GROUP_PREFIX = "Партнёр «"

UPLOAD_IMAGES = ("wagtailimages.add_image", "wagtailimages.choose_image")
MANAGE_MEDIA = (
    *(f"wagtailimages.{action}_image" for action in ("add", "change", "delete", "choose")),
    *(f"wagtaildocs.{action}_document" for action in ("add", "change", "delete", "choose")),
)
ROLE_COLLECTIONS = {
    # collection name (None: the root, so every collection): {role: permissions}
    None: {roles.EDITOR: MANAGE_MEDIA},
    "Объекты аренды": {roles.REALTOR: UPLOAD_IMAGES, roles.AGENCY_ADMIN: UPLOAD_IMAGES},
    "Партнёры клуба": {roles.BUSINESS_OWNER: UPLOAD_IMAGES},
}


def setup_roles():
    """Create or complete the role groups and their page and collection permissions."""
    from accounts.agencies import Agency

    with transaction.atomic():
        roles.sync_role_groups(django_apps)
        grant_collections()
        grant_editor_pages()
        review_partner_changes()
        for agency in Agency.objects.select_related("realtors_group", "admins_group"):
            agency.grant_permissions()


def page_permissions():
    return {perm.codename: perm for perm in Permission.objects.filter(content_type=get_default_page_content_type())}


def grant_pages(group, pages, actions):
    """Give `group` these page actions on each page (and so on its subtree); existing grants are kept."""
    permissions = page_permissions()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page=page, permission=permissions[f"{action}_page"])
            for page in pages
            for action in actions
        ],
        ignore_conflicts=True,
    )


def editor_sections():
    """The pages editors get: each site's home (every language), or its sections on a site with rentals."""
    from catalog.models import RentalIndexPage
    from home.models import HomePage, PortalPage

    homes = Page.objects.type(HomePage, PortalPage).filter(depth=2)
    rental_home_paths = {path[: Page.steplen * 2] for path in RentalIndexPage.objects.values_list("path", flat=True)}
    rental_keys = set(homes.filter(path__in=rental_home_paths).values_list("translation_key", flat=True))
    sections = []
    for home in homes:
        if home.translation_key in rental_keys:
            sections.extend(home.get_children().not_type(RentalIndexPage))
        else:
            sections.append(home)
    return sections


def grant_editor_pages():
    grant_pages(roles.role_group(roles.EDITOR), editor_sections(), EDITOR_PAGE_ACTIONS)


def grant_collections():
    root = Collection.get_first_root_node()
    permissions = {
        f"{perm.content_type.app_label}.{perm.codename}": perm
        for perm in Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"]
        ).select_related("content_type")
    }
    grants = []
    for name, role_permissions in ROLE_COLLECTIONS.items():
        if name is None:
            collection = root
        else:
            collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
        for code, codenames in role_permissions.items():
            group = roles.role_group(code)
            grants += [
                GroupCollectionPermission(group=group, collection=collection, permission=permissions[codename])
                for codename in codenames
            ]
    GroupCollectionPermission.objects.bulk_create(grants, ignore_conflicts=True)


def ensure_review_workflow(page, name, groups):
    """A one-step workflow on `page` (and so its subtree): the `groups` approve and publish. Kept if present."""
    link = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    if link is None:
        workflow = Workflow.objects.create(name=name)
        task = GroupApprovalTask.objects.create(name=name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(page=page, workflow=workflow)
    else:
        task = link.workflow.tasks.first().specific
    task.groups.set(groups)


def review_partner_changes():
    from catalog.models import BusinessIndexPage

    editors = roles.role_group(roles.EDITOR)
    for index in BusinessIndexPage.objects.all():
        ensure_review_workflow(index, PARTNER_REVIEW, [editors])


# -- business owners -------------------------------------------------------------------------------------------------


def business_owner_group(page):
    """The group of the owners of one partner business page, made on first use."""
    group = Group.objects.filter(name__startswith=BUSINESS_GROUP_PREFIX, page_permissions__page=page).first()
    if group is None:
        group = Group.objects.create(name=f"{BUSINESS_GROUP_PREFIX}{page.title[:100]}» (№{page.pk}): владельцы")
    grant_pages(group, [page], BUSINESS_OWNER_PAGE_ACTIONS)
    return group


def business_owner_groups():
    return Group.objects.filter(name__startswith=BUSINESS_GROUP_PREFIX)


def make_business_owner(user, page):
    """The user owns this business page: they edit it (editors publish), working in the admin as a business owner."""
    user.groups.add(business_owner_group(page), roles.role_group(roles.BUSINESS_OWNER))
