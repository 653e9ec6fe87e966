"""The member's pages of the club site: joining, the home (balance, tier progress, offers, chains, history,
partners, badges, the invite link), the card with its QR wallet, and the PWA's manifest and service worker.

Thin views over loyalty.services and loyalty.wallet; only on the club's host (loyalty.site)."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.models import BusinessPage, EventPage, Tier
from catalog.models.partners import now as club_now
from core.http import client_ip
from core.money import format_rubles
from core.paging import page_of
from loyalty import services, wallet
from loyalty.forms import JoinForm
from loyalty.models import ClubRules, Coupon, EventRegistration, Member, Offer, OfferEvent
from loyalty.site import club_index, club_view, member_view

HISTORY_PER_PAGE = 10
PURCHASES_SHOWN = 10
OFFLINE_CODES = 6  # the card keeps this many windows of codes (4.5 minutes) for when the phone is offline


@club_view
def join(request):
    if Member.objects.filter(user=request.user).exists():
        return redirect("loyalty:home")
    code = request.POST.get("invite") if request.method == "POST" else request.GET.get("invite")
    inviter = services.inviter_from_code(code) if code else None
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                services.join(
                    request.user, form.cleaned_data["phone"], consent=True, invited_by=inviter, ip=client_ip(request)
                )
            except ValidationError as error:
                form.add_error("phone" if error.code == "phone_taken" else None, error)
            else:
                messages.success(request, _("Добро пожаловать в «Свой Круг»! Ваша карта участницы готова."))
                return redirect("loyalty:home")
    else:
        form = JoinForm(initial={"phone": request.user.phone, "invite": code if inviter else ""})
    status = 400 if form.errors else 200
    return TemplateResponse(request, "loyalty/join.html", {"form": form, "inviter": inviter}, status=status)


@dataclass(frozen=True)
class TierGoal:
    """What is left to the next tier: `text` («до VIP осталось 12 400 ₽ и 1 категория»), and how far along each
    threshold is, in percent."""

    tier: str
    text: str
    turnover_percent: int
    categories_percent: int


def percent(value, threshold):
    if not threshold:
        return 100
    return max(0, min(100, int(Decimal(value) * 100 / Decimal(threshold))))


def tier_goal(member, rules, turnover, categories):
    """The next tier's goal, or None at the top (Elite, Inner Circle by invitation)."""
    if member.tier == Tier.INSIDER:
        tier, need_turnover, need_categories = Tier.VIP, rules.vip_turnover, rules.vip_categories
    elif member.tier == Tier.VIP:
        tier, need_turnover, need_categories = Tier.ELITE, rules.elite_turnover, rules.elite_categories
    else:
        return None
    parts = []
    if turnover < need_turnover:
        parts.append(format_rubles(need_turnover - turnover))
    if categories < need_categories:
        left = need_categories - categories
        parts.append(ngettext("%(count)d категория", "%(count)d категории", left) % {"count": left})
    label = Tier(tier).label
    if not parts:
        text = _("Статус %(tier)s — после ближайшего пересчёта") % {"tier": label}
    else:
        text = _("до %(tier)s осталось %(what)s") % {"tier": label, "what": _(" и ").join(parts)}
    return TierGoal(label, text, percent(turnover, need_turnover), percent(categories, need_categories))


def partners_by_category(request):
    """The club's live partners grouped by category (one query)."""
    index = club_index(request)
    partners = (
        BusinessPage.objects.live()
        .child_of(index)
        .select_related("category", "logo")
        .order_by("category__name", "title")
    )
    return [(category, list(group)) for category, group in groupby(partners, key=lambda partner: partner.category)]


def usable_coupons(member, at):
    """The member's own coupons that still work today (not used up, not expired)."""
    day = timezone.localdate(at)
    coupons = Coupon.objects.filter(member=member, is_active=True).select_related("partner").order_by("valid_to", "pk")
    return [
        coupon
        for coupon in coupons.exclude(valid_to__lt=day).exclude(valid_from__gt=day)
        if coupon.total_limit is None or coupon.times_used < coupon.total_limit
    ]


EVENTS_SHOWN = 4


def club_events(request, member, at):
    """The member's active registrations for events not yet over, and upcoming events of this club open to her
    tier that she is not on the list of (two queries)."""
    mine = list(
        EventRegistration.objects.filter(member=member, status__in=EventRegistration.ACTIVE, event__end__gte=at)
        .select_related("event")
        .order_by("event__start")
    )
    taken = {registration.event_id for registration in mine}
    upcoming = (
        EventPage.objects.live()
        .descendant_of(club_index(request).get_parent())
        .filter(end__gte=at, status=EventPage.Status.SCHEDULED)
        .order_by("start", "pk")[:20]
    )
    open_to_her = [event for event in upcoming if event.pk not in taken and member.tier in event.allowed_tiers]
    return mine, open_to_her[:EVENTS_SHOWN]


@member_view
def home(request):
    member, at = request.member, club_now()
    rules = ClubRules.current()
    turnover, categories = services.progress(member, rules, at)
    offers = services.offers_for(member, at=at)
    for offer in offers:
        services.offer_shown(offer, member, at=at)
    taken = {
        event.offer_id: event.coupon
        for event in OfferEvent.objects.filter(
            member=member, kind=OfferEvent.Kind.TAKEN, offer__in=[offer.pk for offer in offers]
        ).select_related("coupon")
    }
    join_url = request.build_absolute_uri(reverse("loyalty:join"))
    my_events, open_events = club_events(request, member, at)
    context = {
        "member": member,
        "turnover": turnover,
        "categories": categories,
        "goal": tier_goal(member, rules, turnover, categories),
        "rate": rules.rate(member.tier) * 100,
        "offers": [(offer, taken.get(offer.pk)) for offer in offers],
        "chains": services.next_steps(member),
        "purchases": list(member.purchases.select_related("partner", "category")[:PURCHASES_SHOWN]),
        "history": page_of(request, member.ledger.select_related("purchase__partner"), HISTORY_PER_PAGE),
        "partners": partners_by_category(request),
        "badges": services.member_badges(member),
        "invite_link": services.invite_link(member, join_url),
        "coupons": usable_coupons(member, at),
        "my_events": my_events,
        "open_events": open_events,
    }
    return TemplateResponse(request, "loyalty/home.html", context)


@member_view
@require_POST
def take_offer(request, offer_id):
    offer = Offer.objects.filter(pk=offer_id, live=True).select_related("partner").first()
    if offer is None:
        raise Http404
    try:
        coupon = services.offer_taken(offer, request.member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Купон %(code)s ваш: покажите карту клуба на кассе «%(partner)s».")
            % {"code": coupon.code, "partner": offer.partner.title},
        )
    return redirect(reverse("loyalty:home") + "#offers")


def qr_svg(payload):
    """The QR code of `payload` as an SVG element (black modules on the page's white)."""
    image = qrcode.make(
        payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2, error_correction=1
    )  # error_correction=1: ERROR_CORRECT_L, the fewest modules, easiest for a cashier's camera
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg class="club-qr-svg" role="img" focusable="false" ', 1)


def code_json(code):
    return {
        "qr": code.qr_payload,
        "svg": qr_svg(code.qr_payload),
        "fallback": code.fallback,
        "valid_from": code.valid_from.isoformat(),
        "valid_until": code.valid_until.isoformat(),
    }


def grouped_fallback(digits):
    """«0012 3456»: groups of four from the end, easier to read aloud and type."""
    groups = []
    while digits:
        groups.insert(0, digits[-4:])
        digits = digits[:-4]
    return " ".join(groups)


@member_view
def card(request):
    member = request.member
    code = wallet.current_code(member)
    context = {
        "member": member,
        "code": code,
        "qr": qr_svg(code.qr_payload),
        "fallback": grouped_fallback(code.fallback),
        "window": wallet.WINDOW,
        "coupons": usable_coupons(member, club_now()),
    }
    return TemplateResponse(request, "loyalty/card.html", context)


@member_view
def card_codes(request):
    """The current code and the next ones, each with its window, for the card to show offline for a while."""
    codes = wallet.upcoming_codes(request.member, count=OFFLINE_CODES)
    payload = {"now": timezone.now().isoformat(), "window": wallet.WINDOW, "codes": [code_json(c) for c in codes]}
    response = JsonResponse(payload)
    response["Cache-Control"] = "no-store, private"
    return response


def club_public(view):
    """The PWA's files: on the club's host only, without a login (the browser fetches them without cookies)."""

    def wrapped(request, *args, **kwargs):
        if club_index(request) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


@club_public
def manifest(request):
    data = {
        "name": _("Свой Круг — карта участницы"),
        "short_name": _("Свой Круг"),
        "description": _("Карта клуба «Свой Круг»: QR-код для кассы, баллы, статус и купоны."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("loyalty:card"),
        "scope": reverse("loyalty:home"),
        "display": "standalone",
        "background_color": "#f5f6f8",
        "theme_color": "#0b6e69",
        "icons": [
            {"src": static("loyalty/icons/club-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("loyalty/icons/club-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("loyalty/icons/club-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@club_public
def service_worker(request):
    """The club's service worker: from a template, so it knows this language's URLs of the card and its codes.
    Its scope is the club's part of the site in this language."""
    context = {
        "card_url": reverse("loyalty:card"),
        "codes_url": reverse("loyalty:card_codes"),
        "assets": [static("css/site.css"), static("css/club.css"), static("loyalty/club.js")],
    }
    response = TemplateResponse(request, "loyalty/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("loyalty:home")
    return response
