"""Messages of the club through the notifications outbox. Call them inside the transaction that made the change:
the outbox row is written in it, so a rollback sends nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from catalog.models import Tier
from core.money import format_rubles
from notifications.kinds import EMAIL, SMS, TELEGRAM, WEBPUSH, Kind
from notifications.services import notify

# Registered with the outbox in LoyaltyConfig.ready().
KINDS = (
    Kind(
        "club.tier_changed",
        _("Статус в клубе «Свой Круг» изменился"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("tier", "old_tier", "rate"),
    ),
    Kind(
        "club.points_expiring",
        _("Баллы клуба скоро сгорят"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=("points", "date"),
    ),
    Kind(
        "club.proposal_approved",
        _("Ваше предложение мероприятия одобрено"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "closes"),
    ),
    Kind(
        "club.proposal_rejected",
        _("Ваше предложение мероприятия отклонено"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "reason"),
    ),
    Kind(
        "club.proposal_closed",
        _("Итоги голосования за ваше мероприятие"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "won", "date"),
    ),
    Kind(
        "club.balance_mismatch",
        _("Балансы баллов расходятся с историей"),
        frozenset({EMAIL, TELEGRAM}),
        context=("count",),
        for_staff=True,
        optional=False,
    ),
    Kind(
        "club.event_seat_offered",
        _("Освободилось место на мероприятии клуба"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=("title", "date", "until", "url"),
        optional=False,
    ),
    Kind(
        "club.event_cancelled",
        _("Мероприятие клуба отменено"),
        frozenset({EMAIL, SMS, TELEGRAM, WEBPUSH}),
        context=("title", "date", "url"),
        optional=False,
    ),
    Kind(
        "club.event_reminder",
        _("Напоминания о мероприятиях клуба"),
        frozenset({EMAIL, TELEGRAM, WEBPUSH}),
        context=("title", "date", "place", "soon", "url"),
    ),
    Kind(
        "club.event_feedback",
        _("Просьба оценить мероприятие клуба"),
        frozenset({EMAIL, WEBPUSH}),
        context=("title", "url"),
    ),
)


def tier_changed(member):
    from loyalty.models import ClubRules, TierChange

    last = TierChange.objects.filter(member=member).order_by("-created_at", "-pk").first()
    labels = dict(Tier.choices)
    rate = ClubRules.current().rate(member.tier) * 100
    notify(
        member.user,
        "club.tier_changed",
        {
            "tier": labels[member.tier],
            "old_tier": labels[last.old_tier] if last else "",
            "rate": f"{rate.normalize():f}",
        },
    )


def points_expiring(member, amount, expires_at):
    notify(
        member.user,
        "club.points_expiring",
        {"points": format_rubles(amount, sign=False), "date": date_format(timezone.localdate(expires_at), "j E Y")},
    )


def balance_mismatch(count):
    for user in get_user_model().objects.filter(is_superuser=True, is_active=True):
        notify(user, "club.balance_mismatch", {"count": count})


def proposal_approved(proposal):
    closes = date_format(timezone.localtime(proposal.voting_closes_at), "j E Y, H:i")
    notify(proposal.member.user, "club.proposal_approved", {"title": proposal.title, "closes": closes})


def proposal_rejected(proposal):
    notify(proposal.member.user, "club.proposal_rejected", {"title": proposal.title, "reason": proposal.reject_reason})


def proposal_closed(proposal):
    won = proposal.status == proposal.Status.WON
    when = date_format(timezone.localtime(proposal.winning_date.starts_at), "j E Y, H:i") if won else ""
    notify(proposal.member.user, "club.proposal_closed", {"title": proposal.title, "won": won, "date": when})


def event_url(registration, event):
    """The member's page of the event (her ticket) on the club's site, in her language."""
    site = event.get_site()
    root = site.root_url if site else ""
    language = registration.member.user.language
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        return root + reverse("loyalty:event", args=[event.pk])


def event_date(event):
    return date_format(timezone.localtime(event.start), "j E Y, H:i")


def event_seat_offered(registration, event):
    until = date_format(timezone.localtime(registration.offer_expires_at), "j E, H:i")
    notify(
        registration.member.user,
        "club.event_seat_offered",
        {"title": event.title, "date": event_date(event), "until": until, "url": event_url(registration, event)},
    )


def event_cancelled(registration, event):
    notify(
        registration.member.user,
        "club.event_cancelled",
        {"title": event.title, "date": event_date(event), "url": event_url(registration, event)},
    )


def event_reminder(registration, event, *, soon):
    notify(
        registration.member.user,
        "club.event_reminder",
        {
            "title": event.title,
            "date": event_date(event),
            "place": event.place_label if event.has_place else event.online_url,
            "soon": soon,
            "url": event_url(registration, event),
        },
    )


def event_feedback(registration, event):
    notify(
        registration.member.user, "club.event_feedback", {"title": event.title, "url": event_url(registration, event)}
    )
