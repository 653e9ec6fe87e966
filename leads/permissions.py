"""Who sees and works which lead: the one place for the row-level rules (DESIGN.md, roles).

A manager works the leads assigned to them; a head of sales (ManagerProfile.is_head_of_sales) every
lead of their sites; the superuser everything. Everyone else sees none."""

from leads.models import Lead, ManagerProfile


def head_of_sales_sites(user):
    """The ids of the sites the user heads sales for (empty for everyone else)."""
    if not user.is_authenticated:
        return []
    return list(
        ManagerProfile.objects.filter(user=user, is_head_of_sales=True)
        .values_list("sites", flat=True)
        .exclude(sites=None)
    )


def leads_visible_to(user):
    if not user.is_authenticated or not user.is_active:
        return Lead.objects.none()
    if user.is_superuser:
        return Lead.objects.all()
    sites = head_of_sales_sites(user)
    if sites:
        return Lead.objects.filter(site_id__in=sites)
    if user.is_staff:
        return Lead.objects.filter(manager=user)
    return Lead.objects.none()


def can_work_lead(user, lead):
    return leads_visible_to(user).filter(pk=lead.pk).exists()


def can_reassign(user, lead):
    """Choosing another manager for a lead is for the head of sales of its site and the superuser."""
    return user.is_authenticated and (user.is_superuser or lead.site_id in head_of_sales_sites(user))
