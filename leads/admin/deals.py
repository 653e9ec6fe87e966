"""Deals in the admin: a list scoped by `deals_visible_to` (manager: deals of their leads; head of sales: their
sites; superuser: all), a deal page (inspect) with its history and documents, and POST actions that call the
services in leads/deals.py and leads/cashback.py; no generic edit form. The menu group holds the cashback rules
(leads/admin/cashback_rules.py) too."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSetGroup

from core.admin import ScopedSnippetViewSet
from leads import cashback, deals
from leads.admin.access import is_sales_staff
from leads.admin.cashback_rules import CashbackRuleViewSet
from leads.admin.policies import DealPermissionPolicy
from leads.models import CashbackStatus, Deal, DealStage, LeadStage, LostReason
from leads.permissions import can_settle_cashback, deals_visible_to, leads_visible_to

INSPECT_URL = "wagtailsnippets_leads_deal:inspect"
OPEN_URL = "leads_deals:open"
ACTION_URL = "leads_deals:action"


# -- deals -----------------------------------------------------------------------------------------------------------


class DealIndexView(IndexView):
    def get_add_url(self):
        return reverse(OPEN_URL) if is_sales_staff(self.request.user) else None


class DealInspectView(InspectView):
    template_name = "leads/admin/deal_inspect.html"

    def get_object(self, queryset=None):
        # among the user's deals only: the viewset checks the row against the policy (core.admin)
        related = ("lead__manager", "lead__site", "buyer", "complex", "developer", "cashback_rule")
        return get_object_or_404(Deal.objects.select_related(*related), pk=self.pk)

    def get_context_data(self, **kwargs):
        deal = self.object
        user = self.request.user
        settle = can_settle_cashback(user, deal)
        moves = cashback.CASHBACK_MOVES[CashbackStatus(deal.cashback_status)]
        return super().get_context_data(
            deal=deal,
            events=deal.events.select_related("author"),
            documents=deal.documents.select_related("uploaded_by"),
            next_stages=[stage for stage in deals.next_stages(deal) if stage != DealStage.CANCELLED],
            can_cancel=DealStage.CANCELLED in deals.next_stages(deal),
            lost_reasons=LostReason.choices,
            can_ready=CashbackStatus.READY in moves and deal.stage == DealStage.CLOSED,
            can_pay=settle and CashbackStatus.PAID in moves,
            can_cancel_cashback=settle and CashbackStatus.CANCELLED in moves,
            action_url=reverse(ACTION_URL, args=[deal.pk]),
            document_form=DocumentForm(),
            **kwargs,
        )


class DealViewSet(ScopedSnippetViewSet):
    model = Deal
    policy_class = DealPermissionPolicy
    icon = "tag"
    menu_label = gettext_lazy("Сделки")
    index_view_class = DealIndexView
    inspect_view_enabled = True
    inspect_view_class = DealInspectView
    list_display = ["__str__", "lead", "price", "stage", "cashback_amount", "cashback_status", "opened_on"]
    list_filter = ["stage", "cashback_status"]
    search_fields = ["object_title", "lead__name", "lead__phone"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead")


class OpenDealForm(forms.Form):
    lead = forms.ModelChoiceField(label=gettext_lazy("Заявка"), queryset=None)
    apartment = forms.ModelChoiceField(
        label=gettext_lazy("Квартира"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Цена, комплекс и застройщик возьмутся из квартиры."),
    )
    complex = forms.ModelChoiceField(
        label=gettext_lazy("Жилой комплекс"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Если квартира ещё не выбрана."),
    )
    price = forms.DecimalField(
        label=gettext_lazy("Цена, ₽"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=1,
        help_text=gettext_lazy("Пусто — цена квартиры на сайте."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        from catalog.models import ApartmentPage, ResidentialComplexPage

        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = (
            leads_visible_to(user)
            .filter(stage__in=(LeadStage.IN_WORK, LeadStage.MEETING, LeadStage.DEAL))
            .exclude(Q(deals__isnull=False) & ~Q(deals__stage=DealStage.CANCELLED))
            .distinct()
        )
        self.fields["apartment"].queryset = ApartmentPage.objects.all()
        self.fields["apartment"].widget = AdminPageChooser(target_models=[ApartmentPage])
        self.fields["complex"].queryset = ResidentialComplexPage.objects.all()
        self.fields["complex"].widget = AdminPageChooser(target_models=[ResidentialComplexPage])


class OpenDealView(WagtailAdminTemplateMixin, FormView):
    template_name = "leads/admin/open_deal.html"
    page_title = gettext_lazy("Новая сделка")
    header_icon = "tag"
    form_class = OpenDealForm

    def dispatch(self, request, *args, **kwargs):
        if not is_sales_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        from catalog.models import ApartmentPage

        initial = {}
        lead = leads_visible_to(self.request.user).filter(pk=self.request.GET.get("lead") or 0).first()
        if lead:
            initial["lead"] = lead
            if lead.listing_id and ApartmentPage.objects.filter(pk=lead.listing_id).exists():
                initial["apartment"] = lead.listing_id
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        apartment = data["apartment"].specific if data["apartment"] else None
        try:
            deal = deals.open_deal(
                data["lead"],
                by=self.request.user,
                apartment=apartment,
                complex=data["complex"],
                price=data["price"],
                comment=data["comment"],
            )
        except deals.DealRefused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Сделка открыта, заявка переведена в этап «Сделка»."))
        return redirect(INSPECT_URL, deal.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Название"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("Файл"), help_text=gettext_lazy("PDF, JPG, PNG или DOCX."))
    visible_to_buyer = forms.BooleanField(label=gettext_lazy("Показать покупателю"), required=False, initial=True)


class DealActionView(View):
    """POST only: one action on one deal, allowed by the server's own checks; then back to the deal page."""

    def post(self, request, pk):
        deal = get_object_or_404(deals_visible_to(request.user).select_related("lead"), pk=pk)
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "").strip()
        try:
            if action == "stage":
                stage = request.POST.get("stage")
                if stage not in DealStage.values:
                    raise deals.DealRefused(_("Неизвестный этап сделки."))
                deals.move_deal(
                    deal, stage, by=request.user, comment=comment, lost_reason=request.POST.get("lost_reason", "")
                )
                messages.success(request, _("Этап сделки: «%(stage)s».") % {"stage": DealStage(stage).label})
            elif action == "price":
                form = forms.DecimalField(max_digits=14, decimal_places=2, min_value=1)
                try:
                    price = form.clean(request.POST.get("price"))
                except forms.ValidationError:
                    raise deals.DealRefused(_("Укажите цену числом больше нуля.")) from None
                deals.change_price(deal, price, by=request.user, comment=comment)
                messages.success(request, _("Цена изменена, кэшбек пересчитан."))
            elif action == "cashback":
                status = request.POST.get("status")
                if status not in (CashbackStatus.READY, CashbackStatus.PAID, CashbackStatus.CANCELLED):
                    raise deals.DealRefused(_("Неизвестный статус кэшбека."))
                if status != CashbackStatus.READY and not can_settle_cashback(request.user, deal):
                    raise PermissionDenied
                cashback.set_cashback_status(deal, status, by=request.user, comment=comment)
                messages.success(request, _("Кэшбек: «%(status)s».") % {"status": CashbackStatus(status).label})
            elif action == "upload":
                form = DocumentForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise deals.DealRefused(_("Выберите файл документа."))
                deals.attach_document(
                    deal,
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    by=request.user,
                    visible_to_buyer=form.cleaned_data["visible_to_buyer"],
                )
                messages.success(request, _("Документ загружен."))
            elif action == "remove_document":
                document = get_object_or_404(deal.documents, pk=request.POST.get("document") or 0)
                deals.remove_document(document, by=request.user)
                messages.success(request, _("Документ удалён."))
            else:
                raise deals.DealRefused(_("Неизвестное действие."))
        except (deals.DealRefused, cashback.CashbackRefused) as refused:
            messages.error(request, refused.message)
        return redirect(INSPECT_URL, deal.pk)


def admin_urls():
    urls = [
        path("open/", OpenDealView.as_view(), name="open"),
        path("<int:pk>/action/", DealActionView.as_view(), name="action"),
    ]
    return [path("deals/", include((urls, "leads_deals")))]


class DealsGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Сделки и кэшбек")
    menu_icon = "tag"
    menu_order = 310
    items = (DealViewSet, CashbackRuleViewSet)
