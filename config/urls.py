from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from bookings.views_payments import payment_webhook
from core.sitemaps import MultilingualSitemap
from core.views import robots_txt
from search import views as search_views

handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("payments/webhook/<slug:provider>/", payment_webhook, name="payment_webhook"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("favorites/", never_cache(account_views.favorites), name="favorites"),
    path("favorites/<int:page_id>/toggle/", account_views.favorite_toggle, name="favorite_toggle"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.cabinet.urls")),
    path("", include("bookings.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
