"""The assistant in the admin: the «Ассистент» menu with the bots, their models, FAQ and templates (snippets,
scoped by assistant/policies.py), the staff inbox and the analytics page."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from assistant import analytics, inbox
from assistant.forms import BotChildForm, BotForm, ProviderForm
from assistant.models import FAQ, AnswerTemplate, Bot, LLMProvider
from assistant.permissions import conversations_visible_to, worked_site_ids
from assistant.policies import BotPolicy, BotSettingsPolicy, ProviderPolicy
from core.admin import AdminPageMixin, ScopedSnippetViewSet


class BotViewSet(ScopedSnippetViewSet):
    model = Bot
    policy_class = BotPolicy
    icon = "user"
    menu_label = _("Боты")
    list_display = ["name", "site", "is_active", "uses_llm_label"]
    edit_handler = ObjectList(Bot.panels, base_form_class=BotForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site").prefetch_related("providers")


class ProviderViewSet(ScopedSnippetViewSet):
    model = LLMProvider
    policy_class = ProviderPolicy
    icon = "cogs"
    menu_label = _("Языковые модели")
    list_display = ["bot", "kind", "model", "priority", "is_active", "prompt_tokens", "completion_tokens", "cost"]
    edit_handler = ObjectList(LLMProvider.panels, base_form_class=ProviderForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bot")


class FAQViewSet(ScopedSnippetViewSet):
    model = FAQ
    policy_class = BotSettingsPolicy
    icon = "help"
    menu_label = _("FAQ")
    list_display = ["question", "bot", "language"]
    list_filter = ["bot", "language"]
    search_fields = ["question", "answer"]
    edit_handler = ObjectList(FAQ.panels, base_form_class=BotChildForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bot")


class TemplateViewSet(ScopedSnippetViewSet):
    model = AnswerTemplate
    policy_class = BotSettingsPolicy
    icon = "doc-full"
    menu_label = _("Шаблоны ответов")
    list_display = ["title", "bot", "language", "purpose"]
    list_filter = ["bot", "language", "purpose"]
    edit_handler = ObjectList(AnswerTemplate.panels, base_form_class=BotChildForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bot")


class AssistantGroup(SnippetViewSetGroup):
    menu_label = _("Ассистент")
    menu_icon = "help"
    menu_order = 160
    items = (BotViewSet, ProviderViewSet, FAQViewSet, TemplateViewSet)


register_snippet(AssistantGroup)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AnalyticsView(AdminPageMixin, TemplateView):
    template_name = "assistant/admin/analytics.html"
    page_title = _("Аналитика ассистента")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not inbox.may_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        today = timezone.localdate()
        start, end = today - timedelta(days=29), today
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
        zone = timezone.get_current_timezone()
        since = datetime.combine(start, time.min, tzinfo=zone)
        until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
        scope = conversations_visible_to(self.request.user)
        bots = Bot.objects.filter(site_id__in=worked_site_ids(self.request.user))
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "start": start,
            "end": end,
            "figures": analytics.figures(scope, since, until),
            "per_bot": analytics.per_bot(scope, since, until),
            "ab": analytics.ab_test(scope, since, until),
            "bots_without_model": [bot for bot in bots.prefetch_related("providers") if not bot.uses_llm],
        }


@hooks.register("register_admin_urls")
def assistant_admin_urls():
    urls = [
        path("", inbox.InboxView.as_view(), name="list"),
        path("<int:pk>/", inbox.ConversationView.as_view(), name="conversation"),
        path("analytics/", AnalyticsView.as_view(), name="analytics"),
    ]
    return [path("assistant-inbox/", include((urls, "assistant_inbox")))]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return inbox.may_use_inbox(request.user)


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return InboxMenuItem(
        _("Входящие ассистента"), reverse("assistant_inbox:list"), name="assistant_inbox", icon_name="mail", order=161
    )


@hooks.register("register_admin_menu_item")
def analytics_menu_item():
    return InboxMenuItem(
        _("Аналитика ассистента"),
        reverse("assistant_inbox:analytics"),
        name="assistant_analytics",
        icon_name="table",
        order=162,
    )
