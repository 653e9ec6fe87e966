"""The dealer cabinet in the admin: the dealer's ads with status, views, requests and test drives over a period,
the moderator's comments, the log of changes, and the report as CSV or XLSX."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.models import Page

from core.admin import AdminPageMixin
from dealers import cabinet, moderation
from dealers.models import Dealer, dealer_of


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("Начало периода позже его конца."))
        return data

    def period(self):
        start, end = cabinet.default_period()
        if self.is_valid():
            start = self.cleaned_data.get("start") or start
            end = self.cleaned_data.get("end") or end
            if start > end:
                start = date(end.year, end.month, 1)
        return start, end


def cabinet_dealer(request):
    """The dealer whose cabinet this is: the member's own; the superuser may open any (?dealer=<id>)."""
    own = dealer_of(request.user)
    if own is not None:
        return own
    if request.user.is_superuser and request.GET.get("dealer", "").isdigit():
        return get_object_or_404(Dealer.objects.select_related("root_page"), pk=request.GET["dealer"])
    return None


class CabinetView(AdminPageMixin, TemplateView):
    template_name = "dealers/admin/cabinet.html"
    page_title = gettext_lazy("Кабинет дилера")
    header_icon = "doc-full-inverse"

    def get(self, request, *args, **kwargs):
        self.dealer = cabinet_dealer(request)
        if self.dealer is None:
            if request.user.is_superuser:
                raise Http404
            messages.warning(request, _("Вы не работаете у дилера: попросите администратора платформы добавить вас."))
            return redirect("wagtailadmin_home")
        self.form = PeriodForm(request.GET or None)
        start, end = self.form.period()
        self.report = cabinet.build_report(self.dealer, start, end)
        export = request.GET.get("export")
        if export == "csv":
            return cabinet.as_csv(self.report)
        if export == "xlsx":
            return cabinet.as_xlsx(self.report)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query["start"], query["end"] = self.report.start.isoformat(), self.report.end.isoformat()
        return {
            **context,
            "dealer": self.dealer,
            "form": self.form,
            "report": self.report,
            "totals": self.report.totals,
            "log": cabinet.change_log(self.dealer),
            "query": query.urlencode(),
        }


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Что исправить"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Дилер получит этот комментарий; объявление снимается с публикации."),
    )


def send_back_view(request, page_id):
    """«Вернуть дилеру»: a moderator unpublishes a dealer's live ad with a comment (post-moderation)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not moderation.can_send_back(page, request.user):
        raise Http404
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moderation.send_back(page, request.user, form.cleaned_data["comment"])
        messages.success(request, _("Объявление «%(title)s» снято и возвращено дилеру.") % {"title": page.title})
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "dealers/admin/send_back.html",
        {"page": page, "form": form, "page_title": _("Вернуть дилеру"), "header_icon": "undo"},
    )
