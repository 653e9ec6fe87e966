from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from loyalty.admin.viewsets import ClubGroup
from loyalty.models import BalanceDiscrepancy, CouponRedemption, LedgerEntry, Member, Purchase, TierChange

register_snippet(ClubGroup)

APPEND_ONLY = (Member, Purchase, LedgerEntry, CouponRedemption, TierChange, BalanceDiscrepancy)


@hooks.register("before_delete_snippet")
def keep_the_ledger(request, instances):
    """Refuse the whole request: only loyalty.services writes these rows, and their policies let nobody delete."""
    if any(isinstance(instance, APPEND_ONLY) for instance in instances):
        raise PermissionDenied
