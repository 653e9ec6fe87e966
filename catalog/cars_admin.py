"""The car ads' back office: a listing of ads with filters, export of what it shows (CSV/XLSX), bulk status changes,
and the import of a dealer's file with its dry run and progress (catalog.car_import).

Everything is scoped by Wagtail's page permissions: the listing shows the ads the user may explore, the import
offers the car catalogs the user may add pages to, a bulk status change acts on the ads the user may publish
(or edit, for a draft) and lists the others as not permitted. Import jobs are seen by their author (and the
superuser), as long as the author may still add ads to the job's catalog."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog import car_import
from catalog.models import CarAdPage, CarImportJob, CarIndexPage
from catalog.signals import car_ads_changed
from core.admin import AdminPageMixin, ScopedPermissionPolicy

STATUS_LOG_ACTION = "catalog.car_status"
page_policy = PagePermissionPolicy()


def import_targets(user):
    """The car catalogs the user may add ads to."""
    pages = page_policy.instances_user_has_permission_for(user, "add")
    return CarIndexPage.objects.filter(pk__in=pages.values("pk")).order_by("path")


class CarImportJobPolicy(ScopedPermissionPolicy):
    """Who imports: whoever may add ads to some car catalog. Which jobs: the user's own, into catalogs they may
    still add to (all of them for the superuser)."""

    def user_has_permission(self, user, action):
        return user.is_active and import_targets(user).exists()

    def scope(self, user):
        jobs = CarImportJob.objects.all()
        if user.is_superuser:
            return jobs
        return jobs.filter(created_by=user, index__in=import_targets(user))


job_policy = CarImportJobPolicy(CarImportJob)


# -- import --------------------------------------------------------------------------------------------------------


class CarImportForm(forms.Form):
    index = forms.ModelChoiceField(label=gettext_lazy("Каталог"), queryset=CarIndexPage.objects.none())
    file = forms.FileField(
        label=gettext_lazy("Файл CSV или XLSX"),
        help_text=gettext_lazy(
            "Столбцы: vin и/или external_id, make, model, year, price, body_type, fuel, transmission, drive, city; "
            "по желанию trim, mileage, condition, status, engine_volume, engine_power, colour, payment_types, "
            "features, description, photos. Такой файл получается экспортом из списка автомобилей."
        ),
    )
    photos = forms.FileField(
        label=gettext_lazy("Архив фотографий (ZIP)"),
        required=False,
        help_text=gettext_lazy("Необязательно. В столбце photos — имена файлов из архива или ссылки на фото."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].queryset = targets
        self.fields["index"].label_from_instance = lambda index: f"{index.title} ({index.get_site().hostname})"


def inline(job):
    return job.total_rows <= settings.CAR_IMPORT_INLINE_ROWS


def run(job, *, dry_run):
    """Small files in the request, big ones in Celery (the page then shows a progress bar)."""
    if inline(job):
        car_import.run_job(job.pk, dry_run=dry_run)
        return
    from catalog.tasks import run_car_import

    transaction.on_commit(lambda: run_car_import.delay(job.pk, dry_run=dry_run))


class CarImportView(AdminPageMixin, FormView):
    template_name = "catalog/admin/car_import.html"
    page_title = gettext_lazy("Загрузка автомобилей из файла")
    header_icon = "upload"
    form_class = CarImportForm

    def dispatch(self, request, *args, **kwargs):
        self.targets = import_targets(request.user)
        if not self.targets.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"index": self.request.GET.get("index")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": self.targets}

    def get_context_data(self, **kwargs):
        jobs = job_policy.instances_user_has_permission_for(self.request.user, "view").select_related("index")
        return {**super().get_context_data(**kwargs), "jobs": jobs.defer("content", "photos", "report")[:10]}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            job = car_import.start_import(data["index"], data["file"], data["photos"], by=self.request.user)
        except car_import.ImportFileError as error:
            form.add_error(error.field, error.messages)
            return self.form_invalid(form)
        run(job, dry_run=True)
        return redirect("catalog_cars:import_job", pk=job.pk)


def job_of(request, pk):
    jobs = job_policy.instances_user_has_permission_for(request.user, "view")
    return get_object_or_404(jobs.select_related("index").defer("content", "photos"), pk=pk)


class CarImportJobView(AdminPageMixin, TemplateView):
    template_name = "catalog/admin/car_import_job.html"
    page_title = gettext_lazy("Загрузка автомобилей из файла")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        job = job_of(self.request, kwargs["pk"])
        return {**super().get_context_data(**kwargs), **job_context(job)}


def job_context(job):
    rows = job.report
    return {
        "job": job,
        "progress_url": reverse("catalog_cars:import_progress", args=[job.pk]),
        "confirm_url": reverse("catalog_cars:import_confirm", args=[job.pk]),
        "summary": [
            (
                gettext_lazy("Будут созданы") if job.status == job.Status.CHECKED else gettext_lazy("Созданы"),
                job.created,
            ),
            (
                gettext_lazy("Будут изменены") if job.status == job.Status.CHECKED else gettext_lazy("Изменены"),
                job.updated,
            ),
            (gettext_lazy("Без изменений"), job.unchanged),
            (gettext_lazy("Отклонены"), job.refused),
        ],
        "rows": rows,
        "rows_cut": len(rows) < job.total_rows and job.status == job.Status.CHECKED,
    }


def import_progress(request, pk):
    """The progress bar, polled by htmx every second while the job runs; when it ends, the whole page reloads
    (HX-Refresh) to show the rows."""
    job = job_of(request, pk)
    if not job.running and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return TemplateResponse(request, "catalog/admin/car_import_progress.html", job_context(job))


@require_POST
def import_confirm(request, pk):
    job = job_of(request, pk)
    if car_import.confirm(job):
        job.refresh_from_db()
        run(job, dry_run=False)
    return redirect("catalog_cars:import_job", pk=job.pk)


# -- the listing, its export and bulk actions ---------------------------------------------------------------------


class CarAdIndexView(IndexView):
    """Wagtail's flat page listing; its export writes the import's columns (so an exported file loads back)."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if import_targets(self.request.user).exists():
            buttons.append(
                HeaderButton(gettext_lazy("Загрузить из файла"), url=reverse("catalog_cars:import"), icon_name="upload")
            )
        return buttons

    def as_spreadsheet(self, queryset, spreadsheet_format):
        pks = [page.pk for page in queryset]
        base_url = self.request.build_absolute_uri("/").rstrip("/")
        content, content_type, extension = car_import.export_ads(
            CarAdPage.objects.filter(pk__in=pks).order_by("path"), spreadsheet_format, base_url
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="cars.{extension}"'
        return response


class CarAdsMenuItem(MenuItem):
    """Shown to those who may explore some car catalog, not to everyone with any page permission."""

    def is_shown(self, request):
        return page_policy.explorable_instances(request.user).type(CarIndexPage).exists()


class CarAdListingViewSet(PageListingViewSet):
    model = CarAdPage
    index_view_class = CarAdIndexView
    icon = "pick"
    menu_label = gettext_lazy("Автомобили")
    menu_order = 120
    add_to_admin_menu = True
    name = "car_ads"
    list_display = ("title", "year", "price", "status", "condition", "city", "latest_revision_created_at")
    list_filter = ("status", "condition", "make", "body_type", "fuel", "city", "live")
    list_export = ("title",)  # shows the export buttons; CarAdIndexView writes the import's columns
    menu_item_class = CarAdsMenuItem
    menu_name = "car_ads"


class CarStatusBulkAction(PageBulkAction):
    """Set the status of the selected car ads. The live ad gets a published revision (its history shows it); an ad
    with a draft in progress keeps the draft, which gets the new status too. Each change is logged."""

    status = None
    template_name = "catalog/admin/confirm_car_status.html"
    action_priority = 60

    def check_perm(self, page):
        page = page.specific_deferred
        if not isinstance(page, CarAdPage):
            return False
        perms = page.permissions_for_user(self.request.user)
        return perms.can_publish() if page.live else perms.can_edit()

    def get_execution_context(self):
        return {"user": self.request.user, "status": self.status}

    @classmethod
    def execute_action(cls, objects, user=None, status=None, **kwargs):
        changed, unpublished = 0, []
        for page in objects:
            page = page.specific
            publishes = page.live and not page.has_unpublished_changes  # page_published tells the rest
            if set_status(page, status, user):
                changed += 1
                if not publishes:
                    unpublished.append(page.pk)
        if unpublished:
            # An ad with a draft in progress changes status without a publication (no page_published).
            transaction.on_commit(lambda: car_ads_changed.send(sender=CarAdPage, page_ids=unpublished))
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Статус изменён у %(count)d объявления.", "Статус изменён у %(count)d объявлений.", num_parent_objects
        ) % {"count": num_parent_objects}


def set_status(page, status, user):
    """Give one ad a status; False if it had it already."""
    if page.status == status:
        return False
    old = page.status
    with transaction.atomic():
        if page.live and not page.has_unpublished_changes:
            page.status = status
            page.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
        else:
            draft = page.get_latest_revision_as_object()
            draft.status = status
            draft.save_revision(user=user, log_action=False)
            CarAdPage.objects.filter(pk=page.pk).update(status=status)
        log(instance=page, action=STATUS_LOG_ACTION, user=user, data={"from": old, "to": status})
    return True


def status_action(status, label, priority):
    return type(
        f"CarStatus{status.title()}BulkAction",
        (CarStatusBulkAction,),
        {
            "status": status,
            "display_name": label,
            "action_type": f"car_status_{status}",
            "aria_label": label,
            "action_priority": priority,
        },
    )


STATUS_ACTIONS = [
    status_action(CarAdPage.Status.SOLD, gettext_lazy("Продан"), 61),
    status_action(CarAdPage.Status.RESERVED, gettext_lazy("Забронирован"), 62),
    status_action(CarAdPage.Status.AVAILABLE, gettext_lazy("В продаже"), 63),
]


class CarHideBulkAction(CarStatusBulkAction):
    """Hide the selected ads from the site: Wagtail's unpublish (logged as such); the status stays."""

    display_name = gettext_lazy("Скрыть")
    aria_label = gettext_lazy("Снять выбранные объявления с сайта")
    action_type = "car_hide"
    action_priority = 64

    def check_perm(self, page):
        page = page.specific_deferred
        return (
            isinstance(page, CarAdPage) and page.live and page.permissions_for_user(self.request.user).can_unpublish()
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        count = 0
        for page in objects:
            if page.live:
                page.specific.unpublish(user=user)
                count += 1
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Снято с сайта %(count)d объявление.", "Снято с сайта %(count)d объявлений.", num_parent_objects
        ) % {"count": num_parent_objects}
