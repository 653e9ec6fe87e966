"""«Свой Круг»: club events. The index lists upcoming ones; past ones move to its `archive/` sub-page.

Registration for events comes with the loyalty app; here an event says who may attend (`allowed_tiers`)."""

from decimal import Decimal
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Cast, Upper
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from catalog.models import partners
from catalog.models.base import ListingIndexPage, ListingPage
from core import jsonld
from core.paging import page_of
from core.renditions import CARD_RENDITION, prefetch_renditions
from core.restrictions import public_q

__all__ = ["EventIndexPage", "EventPage", "Tier", "all_tiers", "validate_tiers"]

SCHEMA = "https://schema.org/"
CURRENCY_SIGNS = {"RUB": "₽", "KZT": "₸"}


class Tier(models.TextChoices):
    """The club's member tiers, lowest first (the loyalty app will own the members; the codes stay)."""

    INSIDER = "insider", "Insider"
    VIP = "vip", "VIP"
    ELITE = "elite", "Elite"
    INNER_CIRCLE = "inner_circle", "Inner Circle"


def all_tiers():
    return [tier.value for tier in Tier]


def validate_tiers(value):
    """`allowed_tiers` is a non-empty list of distinct tier codes."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Отметьте хотя бы один статус, которому доступно мероприятие."), code="required")
    unknown = [code for code in value if code not in Tier.values]
    if unknown:
        raise ValidationError(
            _("Неизвестные статусы: %(codes)s."), code="unknown_tier", params={"codes": ", ".join(map(str, unknown))}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Каждый статус можно отметить только один раз."), code="duplicate")


class EventPageForm(WagtailAdminPageForm):
    """Shows the tiers (stored as a JSON list) as checkboxes."""

    allowed_tiers = forms.MultipleChoiceField(
        label=_("Для статусов"),
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Участницы каких статусов могут прийти. Отметьте все четыре, если мероприятие открыто для всех."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "elite_seats" in self.fields:
            self.fields["elite_seats"].required = False  # empty: no seats held for Elite

    def clean_elite_seats(self):
        return self.cleaned_data.get("elite_seats") or 0

    def clean_allowed_tiers(self):
        chosen = set(self.cleaned_data["allowed_tiers"])
        return [code for code in Tier.values if code in chosen]  # stored lowest tier first


class EventIndexPage(RoutablePageMixin, ListingIndexPage):
    """Upcoming club events (not yet ended, soonest first) with filters; `archive/` lists past ones."""

    sort_options: ClassVar[dict] = {
        "date": (_("Сначала ближайшие"), ["start", "pk"]),
        "price": (_("Сначала дешёвые"), ["price", "start", "pk"]),
    }
    default_sort = "date"
    max_count_per_parent = 1
    archive_mode = False  # set for the request when the archive sub-page is served

    parent_page_types: ClassVar[list] = ["home.HomePage"]
    subpage_types: ClassVar[list] = ["catalog.EventPage"]
    template = "catalog/partners/event_index_page.html"
    archive_template = "catalog/partners/event_archive_page.html"

    class Meta:
        verbose_name = _("мероприятия клуба")
        verbose_name_plural = _("списки мероприятий клуба")

    @property
    def filterset_class(self):
        from catalog.filters.events import EventFilterSet

        return EventFilterSet

    def child_route_queryset(self):
        return EventPage.objects.select_related("city", "organiser", "organiser__category", "main_image")

    def events(self):
        return EventPage.objects.child_of(self).live().filter(public_q()).select_related("city", "main_image")

    def listings(self):
        """Upcoming: every event that has not ended yet (a running event is still upcoming)."""
        return self.events().filter(end__gte=partners.now())

    def past_events(self):
        return self.events().filter(end__lt=partners.now()).order_by("-start", "-pk")

    def get_context(self, request, *args, **kwargs):
        if self.archive_mode:  # the archive view builds its own list
            return super(ListingIndexPage, self).get_context(request, *args, **kwargs)
        context = super().get_context(request, *args, **kwargs)
        page = context["listings"]
        page.object_list = self.listed = list(page.object_list)
        prefetch_renditions(self.listed, {"main_image": CARD_RENDITION})
        return context

    @path("archive/", name="archive")
    def archive(self, request):
        self.archive_mode = True
        events = page_of(request, self.past_events(), self.per_page)
        events.object_list = self.listed = list(events.object_list)
        prefetch_renditions(self.listed, {"main_image": CARD_RENDITION})
        return self.render(
            request,
            template=self.archive_template,
            context_overrides={"listings": events, "result_count": events.paginator.count},
        )

    @property
    def archive_url(self):
        return self.url + self.reverse_subpage("archive")

    @property
    def seo_canonical_url(self):
        if self.archive_mode:
            return self.get_full_url() + self.reverse_subpage("archive")
        return super().seo_canonical_url

    @property
    def seo_pagetitle(self):
        title = super().seo_pagetitle
        return gettext("Архив: %(title)s") % {"title": title} if self.archive_mode else title

    @property
    def seo_description(self):
        if self.archive_mode:
            return gettext("Архив прошедших мероприятий клуба: встречи, мастер-классы и закрытые вечера.")
        return super().seo_description

    def ld_entity(self, request):
        node = super().ld_entity(request)
        if self.archive_mode:
            node["name"] = gettext("Прошедшие мероприятия")
        return node


class EventPage(ListingPage):
    """One club event: when, where (or online), for whom, how many seats and at what price."""

    class AttendanceMode(models.TextChoices):
        OFFLINE = "offline", _("Очно")
        ONLINE = "online", _("Онлайн")
        MIXED = "mixed", _("Очно и онлайн")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Состоится")
        CANCELLED = "cancelled", _("Отменено")
        POSTPONED = "postponed", _("Отложено")
        RESCHEDULED = "rescheduled", _("Перенесено")

    class Currency(models.TextChoices):
        RUB = "RUB", _("₽, рубли")
        KZT = "KZT", _("₸, тенге")

    SCHEMA_STATUS: ClassVar[dict] = {
        Status.SCHEDULED: "EventScheduled",
        Status.CANCELLED: "EventCancelled",
        Status.POSTPONED: "EventPostponed",
        Status.RESCHEDULED: "EventRescheduled",
    }
    SCHEMA_MODE: ClassVar[dict] = {
        AttendanceMode.OFFLINE: "OfflineEventAttendanceMode",
        AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
        AttendanceMode.MIXED: "MixedEventAttendanceMode",
    }

    start = models.DateTimeField(_("начало"), help_text=_("Дата и время начала (московское время)."))
    end = models.DateTimeField(_("окончание"), help_text=_("Дата и время окончания, позже начала."))
    attendance_mode = models.CharField(
        _("формат"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
        help_text=_("Очно — нужен адрес; онлайн — ссылка; смешанный — и то, и другое."),
    )
    status = models.CharField(
        _("статус"),
        max_length=12,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text=_("Отменённые и перенесённые мероприятия остаются на сайте с пометкой."),
    )
    place_name = models.CharField(
        _("место"), max_length=150, blank=True, help_text=_("Название площадки: «Гастромаркет „Лисичкино“».")
    )
    address = models.CharField(_("адрес"), max_length=255, blank=True, help_text=_("Улица и дом, без города."))
    city = models.ForeignKey(
        "catalog.City",
        verbose_name=_("город"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="club_events",
        help_text=_("Город проведения; для онлайн-мероприятия не нужен."),
    )
    online_url = models.URLField(
        _("ссылка на трансляцию"), blank=True, help_text=_("Для онлайн- и смешанного формата: куда подключаться.")
    )
    capacity = models.PositiveIntegerField(
        _("мест"), default=20, validators=[MinValueValidator(1)], help_text=_("Сколько участниц может прийти, от 1.")
    )
    elite_seats = models.PositiveIntegerField(
        _("мест для Elite"),
        default=0,
        help_text=_(
            "Сколько из мест держать для участниц статуса Elite и Inner Circle; остальные статусы занимают только "
            "оставшиеся. 0 — все места общие."
        ),
    )
    price = models.DecimalField(
        _("цена"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("0 — бесплатно (на сайте: «Бесплатно»)."),
    )
    currency = models.CharField(
        _("валюта"), max_length=3, choices=Currency.choices, default=Currency.RUB, help_text=_("Валюта цены.")
    )
    allowed_tiers = models.JSONField(
        _("для статусов"),
        default=all_tiers,
        blank=True,  # an empty list is refused by clean() with a clear message
        validators=[validate_tiers],
        help_text=_("Список статусов участниц, которым доступно мероприятие."),
    )
    organiser = models.ForeignKey(
        "catalog.BusinessPage",
        verbose_name=_("организатор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="club_events",
        help_text=_("Партнёр, который проводит мероприятие. Пусто — проводит сам клуб."),
    )
    description = models.TextField(
        _("описание"), help_text=_("Программа и подробности; первая фраза попадает в карточку и в поиск.")
    )

    base_form_class = EventPageForm
    content_panels: ClassVar[list] = [
        *Page.content_panels,
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("status")], _("Когда")),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("place_name"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("address")]),
                FieldPanel("online_url"),
            ],
            _("Где"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("allowed_tiers"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("elite_seats")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
            ],
            _("Для кого и сколько стоит"),
        ),
        PageChooserPanel("organiser", "catalog.BusinessPage"),
        FieldPanel("main_image", heading=_("Обложка")),
        FieldPanel("description"),
    ]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place_name"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    parent_page_types: ClassVar[list] = ["catalog.EventIndexPage"]
    subpage_types: ClassVar[list] = []
    seo_description_sources: ClassVar[list] = ["search_description", "summary"]
    schema_org_type = "Event"
    template = "catalog/partners/event_page.html"

    class Meta:
        verbose_name = _("мероприятие клуба")
        verbose_name_plural = _("мероприятия клуба")
        indexes: ClassVar[list] = [
            models.Index(fields=["start"], name="event_start_idx"),  # the upcoming list, soonest first
            # Never scanned (the tier filter searches inside the text), but PostgreSQL keeps statistics on an
            # indexed expression: without them it guesses a handful of matches and sorts them all by date
            # instead of walking `event_start_idx`.
            models.Index(Upper(Cast("allowed_tiers", models.TextField())), name="event_tiers_text_idx"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if not self.allowed_tiers:
            errors["allowed_tiers"] = _("Отметьте хотя бы один статус, которому доступно мероприятие.")
        if self.capacity and self.elite_seats and self.elite_seats > self.capacity:
            errors["elite_seats"] = _("Мест для Elite не может быть больше, чем мест всего.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("Окончание должно быть позже начала.")
        if self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.MIXED) and not self.online_url:
            errors["online_url"] = _("Для онлайн- и смешанного формата укажите ссылку на трансляцию.")
        if self.attendance_mode in (self.AttendanceMode.OFFLINE, self.AttendanceMode.MIXED):
            if not self.address:
                errors["address"] = _("Для очного мероприятия укажите адрес площадки.")
            if not self.city_id:
                errors["city"] = _("Для очного мероприятия укажите город.")
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self):
        return Truncator(self.description.strip().split("\n", 1)[0]).chars(160)

    @property
    def is_free(self):
        return self.price == 0

    @property
    def is_past(self):
        return self.end < partners.now()

    @property
    def is_online(self):
        return self.attendance_mode != self.AttendanceMode.OFFLINE

    @property
    def has_place(self):
        return self.attendance_mode != self.AttendanceMode.ONLINE

    @property
    def price_label(self):
        if self.is_free:
            return gettext("Бесплатно")
        decimals = 0 if self.price == self.price.to_integral_value() else 2
        amount = formats.number_format(self.price, decimals, force_grouping=True)
        return f"{amount} {CURRENCY_SIGNS.get(self.currency, self.currency)}"

    @cached_property
    def tier_labels(self):
        labels = dict(Tier.choices)
        return [labels[code] for code in Tier.values if code in (self.allowed_tiers or [])]

    @property
    def open_to_all_tiers(self):
        return set(self.allowed_tiers or []) == set(Tier.values)

    @property
    def place_label(self):
        parts = [self.place_name, self.city.label if self.city_id else "", self.address]
        return ", ".join(part for part in parts if part)

    def _location_ld(self):
        place = {"@type": "Place", "name": self.place_name or self.address}
        place["address"] = jsonld.postal_address(
            street=self.address,
            locality=self.city.name if self.city_id else "",
            country=self.city.country if self.city_id else "",
        )
        virtual = {"@type": "VirtualLocation", "url": self.online_url}
        if self.attendance_mode == self.AttendanceMode.ONLINE:
            return virtual
        if self.attendance_mode == self.AttendanceMode.MIXED:
            return [place, virtual]
        return place

    def _organizer_ld(self, request):
        if self.organiser_id and self.organiser and self.organiser.live:
            return {
                "@type": self.organiser.schema_org_type,
                "name": self.organiser.title,
                "url": self.organiser.get_full_url(request),
            }
        site = self.get_site()
        root = site.root_url if site else ""
        return {"@type": "Organization", "@id": f"{root}/#organization", "name": site.site_name, "url": f"{root}/"}

    def ld_entity(self, request):
        node = super().ld_entity(request)
        node.pop("dateModified", None)  # not a property of Event
        availability = "Discontinued" if self.status == self.Status.CANCELLED else "InStock"
        node.update(
            {
                "startDate": timezone.localtime(self.start).isoformat(),
                "endDate": timezone.localtime(self.end).isoformat(),
                "eventStatus": SCHEMA + self.SCHEMA_STATUS[self.status],
                "eventAttendanceMode": SCHEMA + self.SCHEMA_MODE[self.attendance_mode],
                "location": self._location_ld(),
                "maximumAttendeeCapacity": self.capacity,
                "isAccessibleForFree": self.is_free,
                "organizer": self._organizer_ld(request),
                "offers": {
                    "@type": "Offer",
                    "price": f"{self.price:.2f}",
                    "priceCurrency": self.currency,
                    "availability": SCHEMA + availability,
                    "validFrom": timezone.localtime(self.first_published_at or partners.now()).isoformat(),
                    "url": self.seo_canonical_url,
                },
                "audience": {
                    "@type": "Audience",
                    "audienceType": gettext("Участницы клуба со статусом: %(tiers)s")
                    % {"tiers": ", ".join(self.tier_labels)},
                },
            }
        )
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        return node
