"""The dealer cabinet's counters of requests and test drives per car ad (registered with dealers.stats in
LeadsConfig.ready(): dealers sits below leads and cannot read leads itself)."""

from django.db.models import Count

from leads.models import Lead, LeadKind


def count_leads(page_ids, start, end, **filters):
    rows = (
        Lead.objects.filter(listing_id__in=page_ids, created_at__date__gte=start, created_at__date__lte=end, **filters)
        .order_by()
        .values("listing_id")
        .annotate(n=Count("pk"))
        .values_list("listing_id", "n")
    )
    return dict(rows)


def count_requests(page_ids, start, end):
    return count_leads(page_ids, start, end)


def count_test_drives(page_ids, start, end):
    return count_leads(page_ids, start, end, kind=LeadKind.TEST_DRIVE)
