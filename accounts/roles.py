"""The roles of the platform: codes, names and what each may do. The one place that lists them.

A role is a Django group named with the role's Russian name (superuser is `is_superuser`, no group).
Model permissions per role are below; page permissions need pages, so `accounts.access.setup_roles()`
grants them where the pages are (brand sites for editors, agency folders, a partner's business page).

Who may do what, and why, is in docs/permissions.md (rendered from accounts/permission_matrix.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

USER = "user"
MANAGER = "manager"
REALTOR = "realtor"
AGENCY_ADMIN = "agency_admin"
BUSINESS_OWNER = "business_owner"
DEALER = "dealer"
EDITOR = "editor"
SUPERUSER = "superuser"

ACCESS_ADMIN = "wagtailadmin.access_admin"


def manage(model):
    """Every model permission on `app_label.model`: view, add, change, delete."""
    app_label, model_name = model.split(".")
    return tuple(f"{app_label}.{action}_{model_name}" for action in ("view", "add", "change", "delete"))


@dataclass(frozen=True)
class Role:
    code: str
    # Stored as the group's name, so it is the Russian source text; `label` translates it for display.
    name: str
    is_staff: bool
    permissions: tuple[str, ...] = ()

    @property
    def label(self):
        return gettext(self.name)

    @property
    def has_group(self):
        return self.code != SUPERUSER


ROLES = {
    role.code: role
    for role in (
        Role(USER, gettext_noop("Пользователь"), is_staff=False),
        Role(
            MANAGER,
            gettext_noop("Менеджер"),
            is_staff=True,
            # which leads: leads.permissions; add = a lead taken on the phone (leads/admin/policies.py)
            permissions=(
                ACCESS_ADMIN,
                "leads.view_lead",
                "leads.add_lead",
                # cross-posting: the monitoring page, the report, «Опубликовать снова» (publishing/policies.py)
                "publishing.view_publication",
                "publishing.republish_publication",
            ),
        ),
        Role(REALTOR, gettext_noop("Риелтор"), is_staff=True, permissions=(ACCESS_ADMIN,)),
        Role(AGENCY_ADMIN, gettext_noop("Администратор агентства"), is_staff=True, permissions=(ACCESS_ADMIN,)),
        Role(BUSINESS_OWNER, gettext_noop("Владелец бизнеса"), is_staff=True, permissions=(ACCESS_ADMIN,)),
        # A member of an Avtofamily partner dealer: their dealer's ads, moderated (dealers/).
        Role(DEALER, gettext_noop("Дилер"), is_staff=True, permissions=(ACCESS_ADMIN,)),
        Role(
            EDITOR,
            gettext_noop("Редактор"),
            is_staff=True,
            permissions=(
                ACCESS_ADMIN,
                *manage("blog.blogauthor"),
                *manage("home.navigationmenu"),
                "home.change_brandsettings",
                *manage("catalog.bank"),
                *manage("wagtailredirects.redirect"),
                # promoted search results (wagtail.contrib.search_promotions); the query reports: search/admin_views.py
                *manage("wagtailsearchpromotions.searchpromotion"),
                "wagtail_localize.submit_translation",
            ),
        ),
        Role(SUPERUSER, gettext_noop("Суперпользователь"), is_staff=True),
    )
}
GROUP_ROLES = tuple(code for code, role in ROLES.items() if role.has_group)
STAFF_ROLES = tuple(code for code, role in ROLES.items() if role.is_staff)
AGENCY_ROLES = (REALTOR, AGENCY_ADMIN)
ROLE_BY_GROUP_NAME = {ROLES[code].name: code for code in GROUP_ROLES}


def role_choices():
    return [(code, role.label) for code, role in ROLES.items()]


# -- groups ----------------------------------------------------------------------------------------------------------


def sync_role_groups(apps):
    """Create the role groups and give them their model permissions; adds, never removes (idempotent).

    Takes an app registry, so the data migration can run it on historical models."""
    from django.contrib.auth.management import create_permissions

    HistoricalGroup = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # An app whose migrations have not run yet (publishing, when this runs in accounts' own migration) is skipped:
    # that app's migration runs this again once its models exist.
    available = {config.label for config in apps.get_app_configs()}
    needed = {perm for code in GROUP_ROLES for perm in ROLES[code].permissions if perm.split(".")[0] in available}
    # Permissions of our own models are made after migrations run; make the missing ones now.
    for app_label in {perm.split(".")[0] for perm in needed}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    for code in GROUP_ROLES:
        role = ROLES[code]
        group, _created = HistoricalGroup.objects.get_or_create(name=role.name)
        permissions = []
        for perm in role.permissions:
            app_label, codename = perm.split(".")
            if app_label not in available:
                continue
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*permissions)


def delete_role_groups(apps):
    apps.get_model("auth", "Group").objects.filter(name__in=[ROLES[code].name for code in GROUP_ROLES]).delete()


def role_group(code):
    return Group.objects.get(name=ROLES[code].name)


# -- a user's role ---------------------------------------------------------------------------------------------------


def role_of(user):
    """The user's role code: superuser, the staff role they hold, or `user` for every customer."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return SUPERUSER
    codes = roles_of(user)
    staff = [code for code in STAFF_ROLES if code in codes]
    return staff[0] if staff else USER


def roles_of(user):
    """Every role group the user is in, read once per user object."""
    if not hasattr(user, "_role_codes"):
        names = user.groups.filter(name__in=ROLE_BY_GROUP_NAME).values_list("name", flat=True)
        user._role_codes = {ROLE_BY_GROUP_NAME[name] for name in names}
    return user._role_codes


def has_role(user, code):
    return user.is_authenticated and (user.is_superuser if code == SUPERUSER else code in roles_of(user))


# -- role scopes: what a role works on (an agency, a business), registered by the app that owns it -----------------


@dataclass(frozen=True)
class RoleScope:
    """What some roles need besides their group: realtors an agency, business owners their business page.

    `name` is the keyword of `set_role` and the field of the superuser's role form (`form_field()` makes it);
    `apply(user, value, code)` gives the user the scope, `clear(user)` takes it away when their role needs none;
    `initial(user)` is the user's current value for the form."""

    name: str
    roles: tuple[str, ...]
    form_field: Callable[[], Any]
    apply: Callable[[Any, Any, str], None]
    clear: Callable[[Any], None]
    missing_message: str
    initial: Callable[[Any], Any] = lambda user: None


_scopes: dict[str, RoleScope] = {}


def register_scope(scope):
    """Called from the owning app's AppConfig.ready() (agencies, catalog's partners)."""
    _scopes[scope.name] = scope


def scopes():
    """The registered scopes, in the order of the roles that need them."""
    order = list(ROLES)
    return sorted(_scopes.values(), key=lambda scope: min(order.index(code) for code in scope.roles))


# -- changing roles (superuser's admin views, seed_demo) -------------------------------------------------------------


def set_role(user, code, **scope_values):
    """Give the user exactly this role: its group, its scope (agency membership, business), the staff flags.

    The keywords are the registered scopes: realtors and agency admins need `agency`, a business owner
    needs `business` (their page); a scope the role does not need is cleared."""
    role = ROLES[code]
    unknown = set(scope_values) - set(_scopes)
    if unknown:
        raise TypeError(f"set_role() got unknown scopes: {', '.join(sorted(unknown))}")
    for scope in scopes():
        if code in scope.roles and scope_values.get(scope.name) is None:
            raise ValueError(f"The role {code} needs {scope.name}.")
    with transaction.atomic():
        user.is_superuser = code == SUPERUSER
        user.is_staff = role.is_staff
        user.save(update_fields=["is_superuser", "is_staff"])
        other_roles = [ROLES[other].name for other in GROUP_ROLES if other != code]
        user.groups.remove(*user.groups.filter(name__in=other_roles))
        if role.has_group:
            user.groups.add(role_group(code))
        for scope in scopes():
            if code in scope.roles:
                scope.apply(user, scope_values[scope.name], code)
            else:
                scope.clear(user)
    user.__dict__.pop("_role_codes", None)


def set_blocked(user, blocked):
    """Block (or unblock) an account. A blocked user cannot log in, and their open sessions stop working:
    Django's auth backends refuse inactive users on every request."""
    user.is_active = not blocked
    user.save(update_fields=["is_active"])
