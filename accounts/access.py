"""Object permissions of the roles: pages and image collections, which a migration cannot reach.

`setup_roles()` is idempotent: `seed_demo` runs it, and `manage.py setup_roles` runs it on a real site
after its pages exist. It only adds; permissions given by hand in the admin stay.

The page grants come from the apps that own the pages (`register_page_grants`): editors get the brand sites
but not the agencies' rentals section (home/access.py; page permissions pass down the tree); a business owner
changes their partner page and editors publish it (catalog/partners_admin.py); agencies grant their folders
(agencies/models.py). Realtors, agency admins and business owners upload photos into collections of their own.
The reasons are in docs/permissions.md, "Decisions"."""

from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_default_page_content_type,
)

from accounts import roles

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


_page_grants = []


def register_page_grants(grant):
    """`grant()` gives role groups their permissions on pages; `setup_roles()` runs it.

    Called from the AppConfig.ready() of the app that owns the pages: home (editors), catalog (partner review),
    agencies (their folders)."""
    if grant not in _page_grants:
        _page_grants.append(grant)


def setup_roles():
    """Create or complete the role groups and their page and collection permissions."""
    with transaction.atomic():
        roles.sync_role_groups(django_apps)
        grant_collections()
        for grant in _page_grants:
            grant()


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
