"""The member's part of the club site (under the language prefix; only on the club's host, see loyalty.site)."""

from django.urls import path

from loyalty import proposals, views
from loyalty import views_events as events

app_name = "loyalty"

urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("offers/<int:offer_id>/take/", views.take_offer, name="take_offer"),
    path("proposals/", proposals.proposals, name="proposals"),
    path("proposals/new/", proposals.new_proposal, name="new_proposal"),
    path("proposals/<int:proposal_id>/vote/", proposals.vote, name="vote"),
    path("card/", views.card, name="card"),
    path("events/<int:event_id>/", events.event, name="event"),
    path("events/<int:event_id>/register/", events.register, name="event_register"),
    path("events/<int:event_id>/confirm/", events.confirm, name="event_confirm"),
    path("events/<int:event_id>/cancel/", events.cancel, name="event_cancel"),
    path("events/<int:event_id>/pay/", events.pay, name="event_pay"),
    path("events/pay/sandbox/<slug:payment_id>/", events.sandbox_payment, name="event_sandbox_payment"),
    path("events/<int:event_id>/rate/", events.rate, name="event_rate"),
    path("events/<int:event_id>/ticket.ics", events.ics, name="event_ics"),
    path("card/codes/", views.card_codes, name="card_codes"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
