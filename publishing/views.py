"""Cross-posting in the admin: the monitoring page, the report for managers (with CSV), one ad's publications,
and the actions on a publication («Опубликовать снова», «Проверить на площадке», «Отметить опубликованной»,
«Снять»). Every action is a POST that calls publishing.services."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.models import CarAdPage
from integrations.crossposting import NO_PUBLIC_API
from publishing import reports, services
from publishing.forms import MarkPublishedForm, QueueAdForm, ReportForm
from publishing.models import Publication
from publishing.policies import may_act_on_publications, may_view_publications

State = Publication.State
PROBLEMS_SHOWN = 30


def forbidden(request):
    context = {"page_title": _("Нет доступа"), "header_title": _("Нет доступа"),
               "message": _("Кросспостинг открыт менеджерам с правом на публикации и суперпользователю.")}  # fmt: skip
    return TemplateResponse(request, "publishing/admin/forbidden.html", context, status=403)


def list_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse("wagtailsnippets_publishing_publication:list") + (f"?{query}" if query else "")


@never_cache
def monitor_view(request):
    if not may_view_publications(request.user):
        return forbidden(request)
    problems = (
        Publication.objects.filter(state__in=[State.FAILED, State.UNKNOWN])
        .select_related("ad", "account")
        .order_by("-updated_at", "-pk")[:PROBLEMS_SHOWN]
    )
    rows = []
    for account, counts, total in reports.current_counts():
        cells = [(count, list_url(account=account.pk, state=state)) for count, state in zip(counts, State.values)]  # noqa: B905
        rows.append((account, cells, total))
    context = {
        "page_title": _("Кросспостинг"),
        "header_title": _("Мониторинг публикаций"),
        "header_icon": "globe",
        "states": State.choices,
        "rows": rows,
        "problems": problems,
        "may_act": may_act_on_publications(request.user),
        "no_api": NO_PUBLIC_API.values(),
        "list_url": list_url(),
        "report_url": reverse("publishing_admin:report"),
    }
    return TemplateResponse(request, "publishing/admin/monitor.html", context)


@never_cache
def report_view(request):
    if not may_view_publications(request.user):
        return forbidden(request)
    form = ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"page_title": _("Отчёт по публикациям"), "header_title": _("Отчёт по публикациям"), "form": form}
        return TemplateResponse(request, "publishing/admin/report.html", context, status=400)
    if not request.GET:
        form = ReportForm({})
        form.is_valid()
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    rows, totals = reports.period_report(date_from, date_to)
    headers = [str(label) for value, label in State.choices if value in reports.REPORT_STATES]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="publications-{date_from}-{date_to}.csv"'
        response.write("\ufeff")  # so that Excel reads the Cyrillic right
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Площадка"), *headers, _("Попыток отправки")])
        for label, counts, attempts in rows:
            writer.writerow([str(label), *counts, attempts])
        writer.writerow([_("Всего"), *totals[0], totals[1]])
        return response
    context = {
        "page_title": _("Отчёт по публикациям"),
        "header_title": _("Отчёт по публикациям"),
        "header_icon": "table",
        "form": form,
        "headers": headers,
        "rows": rows,
        "totals": totals,
        "date_from": date_from,
        "date_to": date_to,
        "csv_query": f"date_from={date_from}&date_to={date_to}&format=csv",
    }
    return TemplateResponse(request, "publishing/admin/report.html", context)


@never_cache
def ad_view(request, page_id):
    """One ad's publications on every platform, and the form that queues it on one."""
    if not may_view_publications(request.user):
        return forbidden(request)
    ad = get_object_or_404(CarAdPage, pk=page_id)
    form = QueueAdForm(request.POST or None)
    if request.method == "POST":
        if not may_act_on_publications(request.user):
            return forbidden(request)
        if form.is_valid():
            try:
                services.queue_publish(
                    ad, form.cleaned_data["account"], publish_at=form.cleaned_data["publish_at"], user=request.user
                )
            except services.TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Объявление поставлено в очередь публикации."))
            return redirect("publishing_admin:ad", page_id=ad.pk)
    publications = Publication.objects.filter(ad=ad).select_related("account").prefetch_related("events")
    context = {
        "page_title": _("Публикации объявления"),
        "header_title": _("Публикации: %(title)s") % {"title": ad.title},
        "header_icon": "globe",
        "ad": ad,
        "form": form,
        "publications": publications,
        "may_act": may_act_on_publications(request.user),
    }
    return TemplateResponse(request, "publishing/admin/ad.html", context, status=400 if form.errors else 200)


@require_POST
def action_view(request, pk, action):
    if not may_act_on_publications(request.user):
        return forbidden(request)
    publication = get_object_or_404(Publication.objects.select_related("ad", "account"), pk=pk)
    ad = publication.ad.specific if publication.ad_id else None  # None: the ad was deleted
    try:
        if action == "republish":
            services.queue_publish(ad, publication.account, user=request.user)
            messages.success(request, _("Публикация поставлена в очередь."))
        elif action == "resend":  # an unknown one: a person checked that the post is not there
            services.queue_publish(ad, publication.account, user=request.user, force=True)
            messages.success(request, _("Публикация будет отправлена снова."))
        elif action == "reconcile":
            outcome = services.reconcile(publication.pk, user=request.user)
            messages.info(request, _("Проверка: %(state)s.") % {"state": State(outcome.state).label})
        elif action == "mark_published":
            form = MarkPublishedForm(request.POST)
            url = form.cleaned_data["url"] if form.is_valid() else ""
            services.mark_published(publication.pk, user=request.user, url=url)
            messages.success(request, _("Публикация отмечена опубликованной."))
        elif action == "withdraw":
            services.queue_withdraw(publication.pk, user=request.user)
            messages.success(request, _("Публикация будет снята с площадки."))
        else:
            raise Http404
    except services.TransitionError as error:
        messages.error(request, str(error))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("publishing_admin:monitor")
    return redirect(target)
