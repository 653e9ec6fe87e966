"""The assistant in the admin: the «Ассистент» menu with the bots, their models, FAQ and templates (snippets,
scoped by assistant/policies.py), the staff inbox and the analytics page."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from assistant import analytics, inbox, marketplaces, tasks
from assistant.forms import BotChildForm, BotForm, ProviderForm, ShopForm
from assistant.models import FAQ, AnswerTemplate, Bot, LLMProvider, MarketplaceQuestion, MarketplaceShop
from assistant.permissions import conversations_visible_to, worked_site_ids
from assistant.policies import BotPolicy, BotSettingsPolicy, MarketplaceQuestionPolicy, ProviderPolicy, ShopPolicy
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
    list_display = ["title", "bot", "language", "purpose", "test_variant"]
    list_filter = ["bot", "language", "purpose"]
    edit_handler = ObjectList(AnswerTemplate.panels, base_form_class=BotChildForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bot")


class ShopViewSet(ScopedSnippetViewSet):
    model = MarketplaceShop
    policy_class = ShopPolicy
    icon = "site"
    menu_label = _("Магазины на маркетплейсах")
    list_display = ["name", "platform", "bot", "auto_publish_confidence", "is_enabled", "last_error"]
    edit_handler = ObjectList(MarketplaceShop.panels, base_form_class=ShopForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bot")


class ApproveColumn(Column):
    """«Одобрить и опубликовать» in the row of a draft that waits (or failed): a POST of the current text."""

    cell_template_name = "assistant/admin/approve_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["may_approve"] = instance.state in marketplaces.APPROVABLE and bool(instance.answer)
        context["csrf_value"] = get_token(request) if request else ""
        context["url"] = reverse("assistant_inbox:marketplace_approve", args=[instance.pk])
        return context


class MarketplaceQuestionViewSet(ScopedSnippetViewSet):
    model = MarketplaceQuestion
    policy_class = MarketplaceQuestionPolicy
    icon = "help"
    menu_label = _("Вопросы с маркетплейсов")
    list_display = [
        "text", "shop", "kind", "rating", "answer", "confidence", "state", "last_error",
        ApproveColumn("approve", label=_("Публикация")),
    ]  # fmt: skip
    list_filter = ["state", "kind", "shop"]
    edit_handler = ObjectList(MarketplaceQuestion.panels)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("shop")


class AssistantGroup(SnippetViewSetGroup):
    menu_label = _("Ассистент")
    menu_icon = "help"
    menu_order = 160
    items = (BotViewSet, ProviderViewSet, FAQViewSet, TemplateViewSet, ShopViewSet, MarketplaceQuestionViewSet)


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
            "template_ab": analytics.ab_test(scope, since, until, field="template_variant"),
            "bots_without_model": [bot for bot in bots.prefetch_related("providers") if not bot.uses_llm],
        }


@require_POST
def approve_marketplace_answer(request, pk):
    """Publish a draft the manager approved, with the text they sent (or the saved one)."""
    policy = MarketplaceQuestionPolicy(MarketplaceQuestion)
    question = policy.instances_user_has_permission_for(request.user, "change").filter(pk=pk).first()
    if question is None:
        raise Http404
    text = request.POST.get("answer")
    try:
        question = marketplaces.approve(question, request.user, text=text)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        transaction.on_commit(lambda: tasks.publish_marketplace_answer.delay(question.pk))
        messages.success(request, _("Ответ одобрен и отправлен на публикацию."))
    return redirect("wagtailsnippets_assistant_marketplacequestion:list")


@hooks.register("register_admin_urls")
def assistant_admin_urls():
    urls = [
        path("marketplace/<int:pk>/approve/", approve_marketplace_answer, name="marketplace_approve"),
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
