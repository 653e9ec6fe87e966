"""Leads in the admin: the list (filters, search, score badge), and the work view of one lead.

The work view is the snippet's inspect view: the lead's data, its history and the actions (log a call,
message or note; move the stage; reassign). Every action is a POST through leads.pipeline or
leads.reassignment, on a lead found among `leads_visible_to(user)`; anything else is a 404."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site
from wagtail.snippets.views.snippets import IndexView, InspectView

from core.admin import ScopedSnippetViewSet
from core.http import safe_next
from leads import scoring
from leads.admin.forms import ContactForm, MoveForm, PhoneLeadForm, ReassignForm
from leads.admin.policies import LeadPermissionPolicy
from leads.models import Lead, LeadKind, LeadScoringSettings, LeadSource, LeadStage, LostReason
from leads.permissions import can_reassign, head_of_sales_sites
from leads.phone_leads import record_phone_lead
from leads.pipeline import ALLOWED_MOVES, StageChangeRefused, log_interaction, move_to_stage
from leads.reassignment import ReassignRefused, reassign

STAGE_ORDER = list(LeadStage)


def allowed_moves(lead):
    """The stages the lead may move to from where it is, in pipeline order."""
    return [stage for stage in STAGE_ORDER if stage in ALLOWED_MOVES[LeadStage(lead.stage)]]


def sites_in_scope(user):
    if user.is_superuser:
        return Site.objects.all()
    profile_sites = Site.objects.filter(manager_profiles__user=user)
    return Site.objects.filter(pk__in=[*head_of_sales_sites(user), *profile_sites.values_list("pk", flat=True)])


def managers_in_scope(user):
    users = get_user_model().objects.filter(manager_profile__isnull=False)
    if user.is_superuser:
        return users.order_by("last_name", "first_name")
    heads = head_of_sales_sites(user)
    if heads:
        return users.filter(manager_profile__sites__in=heads).distinct().order_by("last_name", "first_name")
    return users.filter(pk=user.pk)


def manager_name(user):
    return str(user) if user else "—"


# -- the list ----------------------------------------------------------------------------------------------------------


class LeadFilterSet(WagtailFilterSet):
    stage = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Этап"), choices=LeadStage.choices, widget=forms.CheckboxSelectMultiple
    )
    manager = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Менеджер"), queryset=lambda request: managers_in_scope(request.user)
    )
    source = django_filters.ChoiceFilter(label=gettext_lazy("Источник"), choices=LeadSource.choices)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Тип заявки"), choices=LeadKind.choices)
    site = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Сайт"), queryset=lambda request: sites_in_scope(request.user)
    )
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Создана"), widget=DateRangePickerWidget)

    class Meta:
        model = Lead
        fields = ["stage", "manager", "source", "kind", "site", "created_at"]


class ScoreColumn(Column):
    """The score with its hot/warm/cold badge; the thresholds are read once per request."""

    cell_template_name = "leads/admin/score_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        rules = LeadScoringSettings.load(request_or_site=parent_context["request"])
        context["temperature"] = scoring.temperature(instance.score, rules)
        return context


class LeadIndexView(IndexView):
    default_ordering = "-created_at"
    # Wagtail's «Добавить %(model_name)s» puts «заявка» in the wrong case.
    add_item_label = gettext_lazy("Добавить заявку")


class LeadWorkView(InspectView):
    template_name = "leads/admin/lead_work.html"

    def get_object(self, queryset=None):
        # among the user's leads only: the viewset checks the row against the policy (core.admin)
        return get_object_or_404(Lead.objects.select_related("site", "manager", "listing", "user"), pk=self.pk)

    def get_fields(self):
        return []  # the template lays the lead out itself

    def get_context_data(self, **kwargs):
        lead = self.object
        user = self.request.user
        rules = LeadScoringSettings.load(request_or_site=self.request)
        context = super().get_context_data(**kwargs)
        context.update(
            lead=lead,
            history=lead.interactions.select_related("author").order_by("-created_at", "-pk"),
            moves=allowed_moves(lead),
            lost_reasons=LostReason.choices,
            temperature=scoring.temperature(lead.score, rules),
            score_reasons=scoring.reasons_for_display(lead),
            listing_url=lead.listing.get_url(self.request) if lead.listing_id else None,
            contact_form=kwargs.get("contact_form") or ContactForm(),
            reassign_form=kwargs.get("reassign_form")
            or (ReassignForm(lead=lead) if can_reassign(user, lead) else None),
            error=kwargs.get("error"),
        )
        return context

    def post(self, request, *args, **kwargs):
        actions = {"contact": self.log_contact, "move": self.move, "reassign": self.reassign}
        action = actions.get(request.POST.get("action"))
        if action is None:
            return self.refuse(_("Неизвестное действие."))
        return action()

    def log_contact(self):
        form = ContactForm(self.request.POST)
        if not form.is_valid():
            return self.refuse(_("Проверьте поля формы."), contact_form=form)
        with transaction.atomic():  # the line, the first-contact stamp and the new score together
            log_interaction(
                self.object,
                form.cleaned_data["kind"],
                by=self.request.user,
                text=form.cleaned_data["text"].strip(),
                data=form.interaction_data(),
            )
        messages.success(self.request, _("Записано в историю заявки."))
        return self.done()

    def move(self):
        form = MoveForm(self.request.POST)
        if not form.is_valid():
            return self.refuse(_("Такого этапа нет."))
        stage = LeadStage(form.cleaned_data["stage"])
        try:
            move_to_stage(
                self.object,
                stage,
                by=self.request.user,
                lost_reason=form.cleaned_data["lost_reason"],
                comment=form.cleaned_data["comment"],
            )
        except StageChangeRefused as refusal:
            return self.refuse(refusal.message)
        messages.success(self.request, _("Заявка переведена в этап «%(stage)s».") % {"stage": stage.label})
        return self.done()

    def reassign(self):
        if not can_reassign(self.request.user, self.object):
            return self.refuse(_("Переназначать заявки может только руководитель отдела продаж этого сайта."))
        form = ReassignForm(self.request.POST, lead=self.object)
        if not form.is_valid():
            return self.refuse(" ".join(form.errors.get("manager", [])), reassign_form=form)
        try:
            reassign(self.object, form.cleaned_data["manager"], by=self.request.user)
        except ReassignRefused as refusal:
            return self.refuse(refusal.message, reassign_form=form)
        messages.success(
            self.request,
            _("Заявка передана менеджеру %(name)s.") % {"name": manager_name(form.cleaned_data["manager"])},
        )
        return self.done()

    def next_url(self):
        return safe_next(self.request, self.request.POST.get("next"), fallback=None)

    def done(self):
        return HttpResponseRedirect(self.next_url() or self.request.path)

    def refuse(self, message, **forms_with_errors):
        """Nothing changed: back to the board with the message, or this page again with it (400)."""
        if next_url := self.next_url():
            messages.error(self.request, message)
            return redirect(next_url)
        self.object.refresh_from_db()
        response = self.render_to_response(self.get_context_data(error=message, **forms_with_errors))
        response.status_code = 400
        return response


class PhoneLeadAddView(WagtailAdminTemplateMixin, FormView):
    """The snippet's «add» view: a lead that came by phone, nothing else (see leads/admin/policies.py)."""

    template_name = "leads/admin/phone_lead_form.html"
    page_title = gettext_lazy("Заявка по телефону")
    header_icon = "mobile-alt"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not LeadPermissionPolicy(Lead).user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def choose_manager(self):
        user = self.request.user
        return user.is_superuser or bool(head_of_sales_sites(user))

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "sites": sites_in_scope(user).order_by("site_name"),
            "managers": managers_in_scope(user),
            "choose_manager": self.choose_manager(),
        }

    def get_form_class(self):
        return PhoneLeadForm

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        lead = record_phone_lead(
            site=data["site"],
            kind=data["kind"],
            name=data["name"].strip(),
            phone=data["phone"],
            email=data["email"],
            message=data["message"].strip(),
            by=user,
            manager=data.get("manager") if self.choose_manager() else user,
        )
        messages.success(self.request, _("Заявка №%(id)s сохранена.") % {"id": lead.pk})
        return redirect(self.inspect_url_name, lead.pk)


class LeadViewSet(ScopedSnippetViewSet):
    model = Lead
    policy_class = LeadPermissionPolicy
    icon = "user"
    menu_label = gettext_lazy("Заявки")
    index_view_class = LeadIndexView
    inspect_view_enabled = True
    inspect_view_class = LeadWorkView
    add_view_class = PhoneLeadAddView
    copy_view_enabled = False
    filterset_class = LeadFilterSet
    search_backend_name = None
    search_fields = ("name", "phone", "email")
    list_per_page = 50
    list_display = (
        "name",
        Column("kind", label=gettext_lazy("Тип"), accessor="get_kind_display"),
        Column("stage", label=gettext_lazy("Этап"), accessor="get_stage_display", sort_key="stage"),
        Column("listing_title", label=gettext_lazy("Объект")),
        ScoreColumn("score", label=gettext_lazy("Горячесть"), sort_key="score"),
        Column("manager", label=gettext_lazy("Менеджер"), accessor=lambda lead: manager_name(lead.manager)),
        Column("source", label=gettext_lazy("Источник"), accessor="get_source_display"),
        Column("site", label=gettext_lazy("Сайт"), accessor="site.site_name"),
        DateColumn("created_at", label=gettext_lazy("Поступила"), sort_key="created_at"),
    )
    list_export = ("name", "phone", "email", "kind", "stage", "score", "source", "listing_title", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("manager", "site")

    def get_add_view_kwargs(self, **kwargs):
        return {"index_url_name": self.get_url_name("list"), "inspect_url_name": self.get_url_name("inspect")}
