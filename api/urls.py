from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views
from api.i18n import localized

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # Swagger UI with its init script as a separate file (the CSP refuses inline scripts); not Redoc, whose page
    # loads Google Fonts and has an inline script.
    path(
        "",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("cars/", localized(views.CarListView.as_view()), name="cars"),
    path("cars/new/", localized(views.CarCreateView.as_view()), name="car_create"),
    path("cars/status/", localized(views.CarStatusView.as_view()), name="car_status"),
    path("cars/<int:pk>/", localized(views.CarDetailView.as_view()), name="car"),
    path("cars/<int:pk>/edit/", localized(views.CarUpdateView.as_view()), name="car_update"),
    path("complexes/", localized(views.ComplexListView.as_view()), name="complexes"),
    path("complexes/<int:pk>/", localized(views.ComplexDetailView.as_view()), name="complex"),
    path("apartments/", localized(views.ApartmentListView.as_view()), name="apartments"),
    path("apartments/upload/", localized(views.ApartmentUploadView.as_view()), name="apartment_upload"),
    path("apartments/prices/", localized(views.ApartmentPricesView.as_view()), name="apartment_prices"),
    path("apartments/<int:pk>/", localized(views.ApartmentDetailView.as_view()), name="apartment"),
    path("rentals/", localized(views.RentalListView.as_view()), name="rentals"),
    path("rentals/<int:pk>/", localized(views.RentalDetailView.as_view()), name="rental"),
    path(
        "rentals/<int:pk>/availability/", localized(views.RentalAvailabilityView.as_view()), name="rental_availability"
    ),
    path("leads/", localized(views.LeadCreateView.as_view()), name="leads"),
    path("test-drives/", localized(views.TestDriveCreateView.as_view()), name="test_drives"),
    re_path(r"^.*$", localized(views.not_found)),  # an unknown address answers in the API's error shape
]
