"""The superuser's side of member-built events: moderating a proposal (approve → the vote opens; reject with a reason)
and its weighted results; the event fund's balance, its months, what each event spent, and spending from it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.widgets import AdminDateTimeInput

from catalog.models import EventPage
from core.admin import AdminPageMixin
from core.money import format_rubles
from loyalty.models import EventFundLine, EventProposal
from loyalty.services import fund, voting

URL_NAME = "loyalty_proposal_moderation"
FUND_URL_NAME = "loyalty_event_fund"
FUND_LINES_SHOWN = 50


class SuperuserView(AdminPageMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Голосование до"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("Пусто — через столько дней, сколько указано в правилах клуба."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Причина отказа"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Участница получит её в уведомлении."),
    )


class ProposalModerationView(SuperuserView):
    template_name = "loyalty/admin/proposal_moderation.html"
    page_title = gettext_lazy("Предложение мероприятия")
    header_icon = "date"
    form_class = ModerationForm

    def dispatch(self, request, *args, **kwargs):
        self.proposal = get_object_or_404(
            EventProposal.objects.select_related("member__user", "venue", "event", "winning_date"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.proposal)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "proposal": self.proposal,
            "results": voting.results(self.proposal),
            "pending": self.proposal.status == EventProposal.Status.PENDING,
        }

    def form_valid(self, form):
        try:
            if "reject" in self.request.POST:
                voting.reject(self.proposal, by=self.request.user, reason=form.cleaned_data["reason"])
                messages.success(self.request, _("Предложение отклонено, участница получит причину."))
            else:
                voting.approve(self.proposal, by=self.request.user, closes_at=form.cleaned_data["closes_at"])
                messages.success(self.request, _("Предложение одобрено: голосование открыто."))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(URL_NAME, pk=self.proposal.pk)


class SpendForm(forms.Form):
    event = forms.ModelChoiceField(label=gettext_lazy("Мероприятие"), queryset=EventPage.objects.order_by("-start"))
    amount = forms.DecimalField(label=gettext_lazy("Сумма, ₽"), max_digits=12, decimal_places=2, min_value=0.01)
    note = forms.CharField(label=gettext_lazy("На что"), max_length=255, required=False)


class EventFundView(SuperuserView):
    template_name = "loyalty/admin/event_fund.html"
    page_title = gettext_lazy("Фонд мероприятий")
    header_icon = "table"
    form_class = SpendForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "balance": format_rubles(fund.balance(), sign=False),
            "periods": fund.by_period(),
            "spent_by_event": fund.by_event(),
            "lines": EventFundLine.objects.select_related("purchase__partner", "event")[:FUND_LINES_SHOWN],
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            fund.spend(data["event"], data["amount"], by=self.request.user, note=data["note"])
        except ValidationError as error:
            form.add_error("amount", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Расход записан."))
        return redirect(FUND_URL_NAME)
