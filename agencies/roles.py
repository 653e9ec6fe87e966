"""How agencies plug into accounts (registered in AgenciesConfig.ready()): realtors and agency admins need an
agency (a role scope of `accounts.roles.set_role` and the superuser's role form), and `setup_roles` grants every
agency its folder (a page grant)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from agencies.models import Agency, AgencyMembership


def grant_agency_pages():
    """Every agency's folder permissions and review workflow (a page grant of `accounts.access.setup_roles`)."""
    for agency in Agency.objects.select_related("realtors_group", "admins_group"):
        agency.grant_permissions()


def join_agency(user, agency, code):
    AgencyMembership.objects.update_or_create(user=user, defaults={"agency": agency, "role": code})


def leave_agency(user):
    AgencyMembership.objects.filter(user=user).delete()


def current_agency(user):
    membership = getattr(user, "agency_membership", None)
    return membership.agency if membership else None


def agency_field():
    return forms.ModelChoiceField(
        Agency.objects.all(),
        required=False,
        label=_("Агентство"),
        help_text=_("Для риелтора и администратора агентства."),
    )


AGENCY_SCOPE = roles.RoleScope(
    name="agency",
    roles=roles.AGENCY_ROLES,
    form_field=agency_field,
    apply=join_agency,
    clear=leave_agency,
    missing_message=_("Выберите агентство: риелтор и администратор агентства работают в агентстве."),
    initial=current_agency,
)
