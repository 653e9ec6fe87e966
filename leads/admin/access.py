"""Who counts as sales staff in the admin, asked by every list row's buttons, so kept on the request's user."""

from leads.models import ManagerProfile
from leads.permissions import cashback_rule_sites


def is_sales_staff(user):
    """A sales manager, head of sales or the superuser. Asked for every row's buttons: kept on the request's user."""
    if not hasattr(user, "_leads_sales_staff"):
        user._leads_sales_staff = user.is_active and (
            user.is_superuser or ManagerProfile.objects.filter(user=user).exists()
        )
    return user._leads_sales_staff


def rule_site_ids(user):
    """The sites whose cashback rules the user may change, kept on the request's user like is_sales_staff."""
    if not hasattr(user, "_leads_rule_sites"):
        user._leads_rule_sites = set(cashback_rule_sites(user).values_list("pk", flat=True))
    return user._leads_rule_sites
