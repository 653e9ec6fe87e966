from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from catalog import partners_admin
from catalog.models import reference
from core.admin import PublicDataPermissionPolicy, ScopedSnippetViewSet


def reference_viewset(model_class, icon="tag", extra_list_display=()):
    return type(
        f"{model_class.__name__}ViewSet",
        (ScopedSnippetViewSet,),
        {
            "model": model_class,
            "policy_class": PublicDataPermissionPolicy,
            "icon": icon,
            "list_display": ("name", *extra_list_display, "slug", "sort_order"),
            "search_fields": ("name",),
            "ordering": ("sort_order", "name"),
        },
    )


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Справочники")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        reference_viewset(reference.City, "globe"),
        reference_viewset(reference.District, "site", ("city",)),
        reference_viewset(reference.Amenity),
        reference_viewset(reference.HousingClass),
        reference_viewset(reference.PropertyType, "home"),
        reference_viewset(reference.Developer, "group"),
        reference_viewset(reference.CarMake, "pick"),
        reference_viewset(reference.CarModel, "pick", ("make",)),
        reference_viewset(reference.CarTrim, "pick", ("model",)),
        reference_viewset(reference.BodyType),
        reference_viewset(reference.FuelType),
        reference_viewset(reference.Transmission),
        reference_viewset(reference.DriveType),
        reference_viewset(reference.PaymentType),
        reference_viewset(reference.BusinessCategory),
    )


register_snippet(ReferenceDataGroup)


# -- realty (InBack) ------------------------------------------------------------------------------------------------
from catalog.models.realty import Bank  # noqa: E402 - each vertical's block imports what it registers


class BankViewSet(ScopedSnippetViewSet):
    model = Bank
    policy_class = PublicDataPermissionPolicy
    icon = "doc-full"
    menu_label = _("Ипотечные программы")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ("name", "rate", "min_down_payment", "max_term_years", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    ordering = ("sort_order", "rate", "name")


register_snippet(BankViewSet)


# -- the business owner's workspace (catalog/partners_admin.py) --


@hooks.register("register_admin_menu_item")
def my_business_menu_item():
    return RoleMenuItem(
        _("Мой бизнес"),
        reverse("catalog_admin:my_business"),
        name="my_business",
        icon_name="site",
        order=90,
        roles_shown={roles.BUSINESS_OWNER},
    )


@hooks.register("register_admin_urls")
def business_owner_admin_urls():
    urls = [path("my-business/", partners_admin.my_business, name="my_business")]
    return [path("partners/", (urls, "catalog_admin", "catalog_admin"))]


# -- car ads: listing with export, bulk status, import (catalog/cars_admin.py) --
from catalog import cars_admin  # noqa: E402


@hooks.register("register_admin_viewset")
def car_ads_viewset():
    return cars_admin.CarAdListingViewSet()


@hooks.register("register_admin_urls")
def car_import_admin_urls():
    urls = [
        path("", cars_admin.CarImportView.as_view(), name="import"),
        path("<int:pk>/", cars_admin.CarImportJobView.as_view(), name="import_job"),
        path("<int:pk>/progress/", cars_admin.import_progress, name="import_progress"),
        path("<int:pk>/confirm/", cars_admin.import_confirm, name="import_confirm"),
    ]
    return [path("car-import/", (urls, "catalog_cars", "catalog_cars"))]


for bulk_action in [*cars_admin.STATUS_ACTIONS, cars_admin.CarHideBulkAction]:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def car_status_log_action(actions):
    actions.register_action(cars_admin.STATUS_LOG_ACTION, _("Смена статуса автомобиля"), _("Статус автомобиля изменён"))
