"""Uploading a partner's file of purchases (CSV/XLSX) and following its import (loyalty.services.imports).

Rows are scoped by loyalty.admin.policies.ImportJobPolicy: the superuser's are all, an owner's their partner's."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from core.admin import AdminPageMixin
from loyalty.admin.cashier import cashier_partners
from loyalty.admin.policies import ImportJobPolicy
from loyalty.models import ImportJob
from loyalty.services import imports

URL_NAME = "loyalty_import"
policy = ImportJobPolicy(ImportJob)


class ImportForm(forms.Form):
    partner = forms.ModelChoiceField(label=gettext_lazy("Партнёр"), queryset=None)
    file = forms.FileField(
        label=gettext_lazy("Файл CSV или XLSX"),
        help_text=gettext_lazy("Столбцы: external_id, date, amount, phone, category (необязательно)."),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ImportView(AdminPageMixin, FormView):
    template_name = "loyalty/admin/import.html"
    page_title = gettext_lazy("Загрузка покупок")
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        self.partners = cashier_partners(request.user)
        if not (policy.user_has_permission(request.user, "add") and self.partners.exists()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partners": self.partners}

    def get_context_data(self, **kwargs):
        jobs = policy.instances_user_has_permission_for(self.request.user, "view").select_related("partner")
        return {**super().get_context_data(**kwargs), "jobs": jobs.defer("content")[:10]}

    def form_valid(self, form):
        try:
            job = imports.start_import(form.cleaned_data["partner"], form.cleaned_data["file"], by=self.request.user)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        from loyalty.tasks import import_purchases

        transaction.on_commit(lambda: import_purchases.delay(job.pk))
        return redirect("loyalty_import_job", pk=job.pk)


def job_of(request, pk):
    return get_object_or_404(policy.instances_user_has_permission_for(request.user, "view").defer("content"), pk=pk)


class ImportJobView(AdminPageMixin, TemplateView):
    template_name = "loyalty/admin/import_job.html"
    page_title = gettext_lazy("Загрузка покупок")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        job = job_of(self.request, kwargs["pk"])
        summary = [(label, getattr(job, name)) for name, label in imports.SUMMARY_LABELS.items()]
        return {
            **super().get_context_data(**kwargs),
            "job": job,
            "summary": summary,
            "status_url": reverse("loyalty_import_status", args=[job.pk]),
            "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
        }


def job_status(request, pk):
    job = job_of(request, pk)
    return JsonResponse(
        {"status": job.status, "percent": job.percent, "processed": job.processed, "total": job.total_rows}
    )


def menu_item():
    return RoleMenuItem(
        gettext_lazy("Загрузка покупок"),
        reverse(URL_NAME),
        name="club_import",
        icon_name="upload",
        order=92,
        roles_shown={roles.BUSINESS_OWNER, roles.SUPERUSER},
    )
