"""The dealer's dashboard panel: their ads by status and their place on the trust ladder."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from accounts.dashboard import RolePanel
from dealers.cabinet import dealer_ads, workflow_states
from dealers.models import dealer_of


class DealerPanel(RolePanel):
    name = "dealer_ads"
    heading = _("Объявления дилера")
    order = 40
    template_name = "dealers/admin/panels/dealer_ads.html"

    def panel_context(self):
        dealer = dealer_of(self.request.user)
        if dealer is None:
            return {"dealer": None}
        ads = dealer_ads(dealer)
        counts = ads.aggregate(total=Count("pk"), live=Count("pk", filter=Q(live=True)))
        states, _comments = workflow_states(list(ads.values_list("pk", flat=True)))
        waiting = [state for state in states.values() if state.status == WorkflowState.STATUS_IN_PROGRESS]
        changes = [state for state in states.values() if state.status == WorkflowState.STATUS_NEEDS_CHANGES]
        return {"dealer": dealer, **counts, "in_moderation": len(waiting), "needs_changes": len(changes)}
