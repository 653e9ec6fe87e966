from allauth.account.views import LogoutView
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView
from health_check.views import HealthCheckView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import auth_views, sso_views
from bookings.views_payments import payment_webhook
from catalog import views as catalog_views
from core import sitemaps
from core.csp import csp_report
from core.views import csrf_token, robots_txt
from home import views as home_views
from loyalty.views_events import payment_webhook as club_payment_webhook
from notifications.views import telegram_webhook
from search import views as search_views

handler500 = "core.views.server_error"

urlpatterns = [
    # The admin signs in and out through allauth, so its MFA step cannot be skipped.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/logout/", LogoutView.as_view()),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("manifest.webmanifest", home_views.manifest, name="web_manifest"),
    # The production stack (README «Production»): load balancers and probes ask /health/, Prometheus /metrics
    # (nginx lets only the internal network reach it).
    path("health/", HealthCheckView.as_view(checks=settings.HEALTH_CHECKS), name="health"),
    path("", include("django_prometheus.urls")),
    path("csrf/", csrf_token, name="csrf_token"),
    path("csp-report/", csp_report, name="csp_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("telegram/webhook/", telegram_webhook, name="telegram_webhook"),
    path("assistant/", include("assistant.urls")),  # the support bots' chat and webhooks (their own paths)
    path("payments/webhook/<slug:provider>/", payment_webhook, name="payment_webhook"),
    path("club-payments/webhook/<slug:provider>/", club_payment_webhook, name="club_payment_webhook"),
    path("api/v1/", include("api.urls")),  # the version is in the path; no language prefix (Accept-Language)
]

if (settings.DEBUG or settings.SERVE_MEDIA) and settings.MEDIA_URL.startswith("/"):
    from django.urls import re_path
    from django.views.static import serve

    # Not django.conf.urls.static.static(): it serves nothing when DEBUG is off, as in `make run`.
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("favorites/", never_cache(catalog_views.favorites), name="favorites"),
    path("favorites/<int:page_id>/toggle/", catalog_views.favorite_toggle, name="favorite_toggle"),
    path("catalog/car-models/", catalog_views.car_model_options, name="car_model_options"),
    # One account for every brand (accounts/sso.py): a brand's login and sign-up lead to the central host's.
    path("accounts/login/", sso_views.login_view),
    path("accounts/signup/", sso_views.signup_view),
    path("accounts/login/code/", sso_views.login_code_view),
    path("accounts/sso/start/", sso_views.start, name="sso_start"),
    path("accounts/handoff/", sso_views.handoff, name="sso_handoff"),
    path("accounts/phone/verify/", auth_views.verify_phone),
    path("accounts/login/code/confirm/", auth_views.confirm_login_code),
    path("accounts/", include("allauth.urls")),
    path("account/notifications/", include("notifications.urls")),
    path("account/", include("accounts.cabinet.urls")),
    path("", include("bookings.urls")),
    path("leads/", include("leads.urls")),
    path("club/", include("loyalty.urls")),  # the club's member pages, only on its site (loyalty.site)
    # Wagtail's login for private pages is Django's plain LoginView: it would skip allauth's MFA step and limits.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
