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


# -- deals and cashback (follow the lead: who works the lead works its deal) ---------------------------------------


def deals_visible_to(user):
    """Who sees a deal works it (stages, price, documents, «готов к выплате»); paying is for heads of sales."""
    from leads.models import Deal

    if not user.is_authenticated or not user.is_active:
        return Deal.objects.none()
    if user.is_superuser:
        return Deal.objects.all()
    return Deal.objects.filter(lead__in=leads_visible_to(user))


def can_settle_cashback(user, deal):
    """Mark cashback paid or cancel it: money leaves the company, so the head of sales or the superuser."""
    return can_reassign(user, deal.lead)


def cashback_rule_sites(user):
    """The sites whose cashback rules the user may edit: a head of sales their sites, the superuser all."""
    from wagtail.models import Site

    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=head_of_sales_sites(user))


def manager_sites(user):
    """The sites a sales manager (or head of sales) works for; they may read those sites' cashback rules."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(ManagerProfile.objects.filter(user=user).values_list("sites", flat=True).exclude(sites=None))
