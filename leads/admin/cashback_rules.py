"""Cashback rules in the admin: an ordinary snippet that heads of sales edit for their sites (managers read
them, the superuser edits all); saving or deleting one re-applies the rules to the site's open deals."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from leads import cashback
from leads.admin.access import is_sales_staff, rule_site_ids
from leads.models import CashbackRule
from leads.permissions import cashback_rule_sites, manager_sites


class CashbackRulePermissionPolicy(ModelPermissionPolicy):
    """Heads of sales add, edit and delete the rules of their sites; managers read their sites' rules."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_sales_staff(user)
        return bool(rule_site_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return self.instances_user_has_any_permission_for(user, ["view"]).filter(pk=instance.pk).exists()
        return instance.site_id in rule_site_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if user.is_active and user.is_superuser:
            return CashbackRule.objects.all()
        if "view" in actions:
            return CashbackRule.objects.filter(site_id__in=manager_sites(user))
        return CashbackRule.objects.filter(site__in=cashback_rule_sites(user))


class CashbackRuleForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["site"].queryset = cashback_rule_sites(for_user)


class RuleInScopeMixin:
    """Edit and delete find the rule among those the user may change: another site's id gives 404."""

    def get_object(self, queryset=None):
        policy = CashbackRulePermissionPolicy(CashbackRule)
        return super().get_object(policy.instances_user_has_any_permission_for(self.request.user, ["change"]))


class CashbackRuleEditView(RuleInScopeMixin, EditView):
    pass


class CashbackRuleDeleteView(RuleInScopeMixin, DeleteView):
    pass


class CashbackRuleViewSet(SnippetViewSet):
    model = CashbackRule
    edit_view_class = CashbackRuleEditView
    delete_view_class = CashbackRuleDeleteView
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

    @property
    def permission_policy(self):
        return CashbackRulePermissionPolicy(self.model)

    def get_queryset(self, request):
        policy = CashbackRulePermissionPolicy(self.model)
        return policy.instances_user_has_any_permission_for(request.user, ["view"]).select_related("site")


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
