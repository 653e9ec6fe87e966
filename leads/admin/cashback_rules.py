"""Cashback rules in the admin: an ordinary snippet that heads of sales edit for their sites (managers read
them, the superuser edits all); saving or deleting one re-applies the rules to the site's open deals."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from core.admin import ScopedSnippetViewSet
from leads import cashback
from leads.admin.policies import CashbackRulePermissionPolicy
from leads.models import CashbackRule
from leads.permissions import cashback_rule_sites


class CashbackRuleForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["site"].queryset = cashback_rule_sites(for_user)


class CashbackRuleViewSet(ScopedSnippetViewSet):
    model = CashbackRule
    policy_class = CashbackRulePermissionPolicy
    icon = "pick"
    menu_label = gettext_lazy("Правила кэшбека")
    list_display = ["name", "site", "percent", "cap", "valid_from", "valid_until", "is_active"]
    list_filter = ["site", "is_active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("complex"), FieldPanel("developer")]),
            FieldRowPanel([FieldPanel("percent"), FieldPanel("cap")]),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldPanel("is_active"),
        ],
        base_form_class=CashbackRuleForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


def recalculate_after_rule_change(request, rules):
    changed = 0
    for site_id in {rule.site_id for rule in rules}:
        changed += cashback.recalculate_open_deals(site_id, by=request.user)
    if changed:
        messages.info(request, _("Кэшбек пересчитан в открытых сделках: %(n)s.") % {"n": changed})


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def rule_saved(request, instance):
    if isinstance(instance, CashbackRule):
        recalculate_after_rule_change(request, [instance])


@hooks.register("after_delete_snippet")
def rules_deleted(request, instances):
    if instances and isinstance(instances[0], CashbackRule):
        recalculate_after_rule_change(request, instances)
