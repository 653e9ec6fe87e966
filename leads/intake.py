"""Lead intake: a request from a site's form becomes a stored, assigned lead, in one transaction.

`submit_lead()` stores the lead first (or, when the same phone already has an open lead on the same site
from the last 24 hours, adds the request to it as a new interaction), then assigns a manager
(leads/assignment.py) and writes the history; the messages to the manager and the client are queued to
go out once the transaction commits. The view reads the request (leads/visitor.py) and the form
(leads/forms.py); this module takes plain values."""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone

from core.http import url_host
from leads import scheduling
from leads.assignment import assign, is_at_work, tell_heads_of_sales
from leads.clock import leads_time_zone
from leads.models import InteractionKind, Lead, LeadKind, LeadSource, ManagerDayOff, ManagerProfile
from leads.pipeline import log_interaction

logger = logging.getLogger(__name__)

REPEAT_WINDOW = timedelta(hours=24)

# Which kinds of request each listing page type takes; pages not named here (home, standard pages) take any.
KINDS_BY_PAGE_TYPE = {
    "catalog.residentialcomplexpage": (LeadKind.CONSULTATION, LeadKind.VIEWING, LeadKind.CALLBACK),
    "catalog.apartmentpage": (LeadKind.CONSULTATION, LeadKind.VIEWING, LeadKind.CALLBACK),
    "catalog.caradpage": (LeadKind.TEST_DRIVE, LeadKind.CALLBACK),
}

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
SEARCH_ENGINES = ("yandex.", "google.", "bing.com", "go.mail.ru", "duckduckgo.com", "search.yahoo.", "ya.ru")
SOCIAL_NETWORKS = (
    "vk.com",
    "vk.ru",
    "ok.ru",
    "t.me",
    "telegram.",
    "instagram.com",
    "facebook.com",
    "youtube.com",
    "dzen.ru",
    "tiktok.com",
    "x.com",
    "twitter.com",
    "whatsapp.",
)
PAID_MEDIUMS = ("cpc", "ppc", "cpm", "cpa", "paid", "display", "banner", "retargeting", "ads")
SOCIAL_MEDIUMS = ("social", "smm", "social-network", "social_network")


@dataclass(frozen=True)
class LeadRequest:
    """Everything one submission says: the form's cleaned values and the facts of the request."""

    site: object
    kind: str
    name: str
    phone: str  # E.164
    consent_at: datetime
    email: str = ""
    message: str = ""
    preferred_time: datetime | None = None
    listing: object | None = None  # the specific page
    utm: dict = field(default_factory=dict)
    referrer: str = ""
    ip_address: str | None = None
    user: object | None = None
    visitor_context: dict = field(default_factory=dict)
    language: str = ""


@dataclass(frozen=True)
class IntakeResult:
    lead: Lead
    created: bool  # False: the request was added to the phone's open lead


# -- where the visitor came from -------------------------------------------------------------------------------------


def clean_utm(values) -> dict:
    """The UTM tags out of a query string (or any mapping), trimmed; other keys are dropped."""
    return {key: str(values.get(key, "")).strip()[:200] for key in UTM_KEYS if str(values.get(key, "")).strip()}


def _host_matches(host, patterns):
    return any(host == p.rstrip(".") or host.endswith("." + p.rstrip(".")) or p in host for p in patterns)


def derive_source(utm: dict, referrer: str, own_hosts=()) -> str:
    """UTM tags first (paid and social mediums, then the source's name), then the referrer's host."""
    medium = utm.get("utm_medium", "").lower()
    source = utm.get("utm_source", "").lower()
    if medium in PAID_MEDIUMS:
        return LeadSource.ADS
    if medium in SOCIAL_MEDIUMS or (source and _host_matches(source, SOCIAL_NETWORKS)):
        return LeadSource.SOCIAL
    if medium == "organic" or (source and _host_matches(source, SEARCH_ENGINES)):
        return LeadSource.SEARCH
    if medium in ("referral", "partner"):
        return LeadSource.REFERRAL
    if utm:
        return LeadSource.OTHER
    host = url_host(referrer)
    if not host or host in own_hosts:
        return LeadSource.DIRECT
    if _host_matches(host, SEARCH_ENGINES):
        return LeadSource.SEARCH
    if _host_matches(host, SOCIAL_NETWORKS):
        return LeadSource.SOCIAL
    return LeadSource.REFERRAL


# -- the listing -----------------------------------------------------------------------------------------------------


def page_type(page) -> str:
    return page._meta.label_lower


def kinds_for(page) -> tuple[str, ...]:
    """The kinds of request a page takes (all of them when it is not a listing)."""
    if page is None:
        return tuple(LeadKind.values)
    return tuple(KINDS_BY_PAGE_TYPE.get(page_type(page), LeadKind.values))


def listing_snapshot(page) -> tuple[str, object]:
    """(title, price) of the listing as it is now: an apartment's or car's price, a complex's lowest price."""
    if page is None:
        return "", None
    price = getattr(page, "price", None)
    if price is None:
        price = getattr(page, "price_min", None)
    return page.title[:255], price


# -- the one entry point ---------------------------------------------------------------------------------------------


def submit_lead(request: LeadRequest, *, now=None, notify=True) -> IntakeResult:
    """Store the request as a lead (or as a new interaction of the phone's open lead from the last day),
    assign it, and queue the notifications for after the commit (notify=False: none, for demo data).
    All in one transaction."""
    now = now or timezone.now()
    title, price = listing_snapshot(request.listing)
    with transaction.atomic():
        _lock_phone(request.site.pk, request.phone)
        lead = (
            Lead.objects.open()
            .select_for_update(of=("self",))
            .filter(site=request.site, phone=request.phone, created_at__gte=now - REPEAT_WINDOW)
            .select_related("manager")
            .order_by("-created_at")
            .first()
        )
        created = lead is None
        if created:
            lead = Lead.objects.create(
                site=request.site,
                kind=request.kind,
                name=request.name,
                phone=request.phone,
                email=request.email,
                message=request.message,
                preferred_time=request.preferred_time,
                user=request.user,
                consent_at=request.consent_at,
                listing=request.listing,
                listing_title=title,
                listing_price=price,
                source=derive_source(request.utm, request.referrer, own_hosts=(request.site.hostname,)),
                utm=request.utm,
                referrer=request.referrer[:1000],
                ip_address=request.ip_address,
                visitor_context=request.visitor_context,
            )
        log_interaction(lead, InteractionKind.REQUEST, text=request.message, data=_request_data(request, title, price))
        if created or lead.manager_id is None:
            _assign_keeping_the_lead(lead, now, notify)
        elif notify:
            transaction.on_commit(partial(_tell_manager_of_repeat, lead.pk), robust=True)
        if notify:
            confirm = partial(_confirm_to_client, lead.pk, request.email, request.phone, request.language)
            transaction.on_commit(confirm, robust=True)
    return IntakeResult(lead, created)


def _request_data(request, title, price):
    """What this submission said, for the history (a repeat request may be about another listing)."""
    data = {"kind": request.kind, "name": request.name}
    if request.email:
        data["email"] = request.email
    if request.preferred_time:
        data["preferred_time"] = request.preferred_time.isoformat()
    if request.listing is not None:
        data.update(listing=request.listing.pk, listing_title=title, listing_price=str(price) if price else None)
    if request.utm:
        data["utm"] = request.utm
    return data


def book_chosen_slot(lead):
    """Book the slot the client chose in the form into the manager's calendar, after the lead is stored.

    Returns the appointment, or None when the slot was taken meanwhile (or nobody can take it): the lead keeps
    the chosen time and its manager calls to agree another one."""
    if not lead.preferred_time or lead.kind not in (LeadKind.VIEWING, LeadKind.TEST_DRIVE):
        return None
    try:
        return scheduling.book_viewing(lead, lead.preferred_time)
    except scheduling.SchedulingRefused:
        return None


def _lock_phone(site_id, phone):
    """Serialise submissions from one phone to one site, so two at once cannot both open a new lead.

    PostgreSQL: a transaction-scoped advisory lock; SQLite writers are serialised already (IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"lead:{site_id}:{phone}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


def _assign_keeping_the_lead(lead, now, notify):
    """Assign in a savepoint: if the database refuses (a lock timeout, say), the lead stays stored without
    a manager and the heads of sales hear about it, rather than the visitor's request being lost."""
    try:
        with transaction.atomic():
            assign(lead, now=now, notify=notify)
    except DatabaseError:
        logger.exception("Lead %s: automatic assignment failed; it stays unassigned", lead.pk)
        lead.manager, lead.assigned_at = None, None
        if notify:
            transaction.on_commit(partial(tell_heads_of_sales, lead.pk), robust=True)


def _tell_manager_of_repeat(lead_id):
    from leads.notify import notify_repeat_request

    lead = Lead.objects.select_related("manager", "site").filter(pk=lead_id).first()
    if lead is not None and lead.manager is not None:
        notify_repeat_request(lead)


def _confirm_to_client(lead_id, email, phone, language):
    from leads.notify import confirm_to_client

    lead = Lead.objects.select_related("site").filter(pk=lead_id).first()
    if lead is not None:
        confirm_to_client(lead, email=email, phone=phone, language=language)


# -- slots for a viewing ---------------------------------------------------------------------------------------------

SLOT_LENGTH = timedelta(hours=1)
SLOT_DAYS = 7  # how far ahead
SLOT_NOTICE = timedelta(hours=2)  # the earliest slot starts at least this long from now
MAX_SLOTS = 24


@dataclass
class _OfficeHours:
    """The hours a site with no manager profile yet is open: Monday to Friday, 9 to 18."""

    pk: int = 0
    work_days: tuple = (1, 2, 3, 4, 5)
    work_start: time = time(9)
    work_end: time = time(18)


def viewing_slot_choices(site, now=None) -> list[tuple[str, str]]:
    """The slots the viewing and test-drive forms offer: the calendar's free slots (leads/scheduling.py);
    a site with no manager profiles yet offers its office hours, so the form still works."""
    return scheduling.viewing_slot_choices(site, now) or office_hour_choices(site, now)


def office_hour_choices(site, now=None) -> list[tuple[str, str]]:
    """The next hour-long slots in working hours, as (value, label) choices; the value is ISO 8601."""
    zone = leads_time_zone()
    now = timezone.localtime(now or timezone.now(), zone)
    today = now.date()
    profiles = list(
        ManagerProfile.objects.filter(sites=site, is_active=True, user__is_active=True).prefetch_related(
            Prefetch(
                "days_off",
                queryset=ManagerDayOff.objects.filter(ends_on__gte=today, starts_on__lte=today + timedelta(SLOT_DAYS)),
            )
        )
    ) or [_OfficeHours()]
    off = {p.pk: [(d.starts_on, d.ends_on) for d in p.days_off.all()] if p.pk else [] for p in profiles}
    earliest = now + SLOT_NOTICE
    start = earliest.replace(minute=0, second=0, microsecond=0)
    if start < earliest:
        start += SLOT_LENGTH
    choices = []
    moment = start
    while moment < start + timedelta(days=SLOT_DAYS) and len(choices) < MAX_SLOTS:
        # Compute on the wall clock of the zone, so a slot is always "10:00" even across a DST change.
        day = moment.date()
        away = {pk for pk, ranges in off.items() if any(a <= day <= b for a, b in ranges)}
        if any(is_at_work(p, moment, away) for p in profiles):
            label = formats.date_format(moment, "D, j E, H:i")
            choices.append((moment.isoformat(timespec="minutes"), label))
        moment = (moment + SLOT_LENGTH).astimezone(zone)
    return choices
