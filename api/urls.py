from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("cars/", views.CarListView.as_view(), name="cars"),
    path("cars/new/", views.CarCreateView.as_view(), name="car_create"),
    path("cars/status/", views.CarStatusView.as_view(), name="car_status"),
    path("cars/<int:pk>/", views.CarDetailView.as_view(), name="car"),
    path("cars/<int:pk>/edit/", views.CarUpdateView.as_view(), name="car_update"),
    path("complexes/", views.ComplexListView.as_view(), name="complexes"),
    path("complexes/<int:pk>/", views.ComplexDetailView.as_view(), name="complex"),
    path("apartments/", views.ApartmentListView.as_view(), name="apartments"),
    path("apartments/upload/", views.ApartmentUploadView.as_view(), name="apartment_upload"),
    path("apartments/prices/", views.ApartmentPricesView.as_view(), name="apartment_prices"),
    path("apartments/<int:pk>/", views.ApartmentDetailView.as_view(), name="apartment"),
    path("rentals/", views.RentalListView.as_view(), name="rentals"),
    path("rentals/<int:pk>/", views.RentalDetailView.as_view(), name="rental"),
    path("rentals/<int:pk>/availability/", views.RentalAvailabilityView.as_view(), name="rental_availability"),
    path("leads/", views.LeadCreateView.as_view(), name="leads"),
    path("test-drives/", views.TestDriveCreateView.as_view(), name="test_drives"),
]
