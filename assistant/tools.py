"""The tools the model may call: our own services, with the same checks as the web pages.

Each tool takes the conversation (so the bot's site and the identified customer) and the model's arguments,
and returns a short text for the model plus the sources it read. A customer's bookings are shown only to
the customer the conversation is linked to (as the cabinet does); a lead goes through the leads intake."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from assistant import retrieval
from bookings.models import Booking
from bookings.services import dates_are_free, validate_stay
from catalog.models import RentalPropertyPage
from core.phones import to_e164
from leads.intake import LeadRequest, submit_lead
from leads.models import Lead, LeadKind

SCHEMAS = [
    {
        "name": "search_listings",
        "description": "Найти объявления сайта (объекты, квартиры, автомобили) с ценами из базы.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    },
    {
        "name": "check_availability",
        "description": "Свободен ли объект аренды на даты (YYYY-MM-DD).",
        "parameters": {
            "type": "object",
            "properties": {
                "listing_id": {"type": "integer"},
                "check_in": {"type": "string"},
                "check_out": {"type": "string"},
            },
            "required": ["listing_id", "check_in", "check_out"],
        },
    },
    {
        "name": "create_lead",
        "description": "Оставить заявку на звонок менеджера: имя и телефон клиента.",
        "parameters": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "phone": {"type": "string"}, "message": {"type": "string"}},
            "required": ["name", "phone"],
        },
    },
    {
        "name": "my_bookings",
        "description": "Бронирования клиента (только если он вошёл на сайте или связал чат с аккаунтом).",
        "parameters": {"type": "object", "properties": {}},
    },
    {
        "name": "my_requests",
        "description": "Заявки клиента на этом сайте и их статус (только если он вошёл).",
        "parameters": {"type": "object", "properties": {}},
    },
]


class ToolResult:
    def __init__(self, text, sources=(), lead=None):
        self.text, self.sources, self.lead = text, list(sources), lead


def search_listings(conversation, query="", **_):
    found = retrieval.search_listings(conversation.bot, str(query))
    if not found:
        return ToolResult("Ничего не найдено.")
    return ToolResult("\n".join(f"#{s.page_id} {s.title}: {s.text} ({s.url})" for s in found), found)


def check_availability(conversation, listing_id=None, check_in="", check_out="", **_):
    rental = (
        RentalPropertyPage.objects.live()
        .public()
        .descendant_of(conversation.bot.site.root_page)
        .filter(pk=listing_id)
        .first()
    )
    if rental is None:
        return ToolResult("Такого объекта на сайте нет.")
    try:
        start, end = date.fromisoformat(str(check_in)), date.fromisoformat(str(check_out))
        validate_stay(rental, start, end)
    except (ValueError, ValidationError) as error:
        return ToolResult("Даты не подходят: " + "; ".join(getattr(error, "messages", [str(error)])))
    free = dates_are_free(rental.pk, start, end)
    source = retrieval.page_source(rental, set())
    state = "свободен" if free else "занят"
    return ToolResult(f"{rental.title} с {start} по {end}: {state}; {retrieval.listing_facts(rental)}.", [source])


def create_lead(conversation, name="", phone="", message="", **_):
    try:
        phone = to_e164(str(phone))
    except ValidationError:
        return ToolResult("Телефон не распознан: попросите клиента написать номер полностью.")
    result = submit_lead(
        LeadRequest(
            site=conversation.bot.site,
            kind=LeadKind.CALLBACK,
            name=(str(name) or conversation.customer_name or "Клиент чата")[:150],
            phone=phone,
            # the customer typed their number into the chat asking to be called back
            consent_at=timezone.now(),
            message=(str(message) or f"Из чата ассистента ({conversation.get_channel_display()})")[:2000],
            user=conversation.user,
            referrer="",
            language=conversation.language,
        )
    )
    conversation.lead = result.lead
    conversation.save(update_fields=["lead"])
    return ToolResult(f"Заявка №{result.lead.pk} создана, менеджер перезвонит.", lead=result.lead)


def my_bookings(conversation, **_):
    if conversation.user_id is None:
        return ToolResult("Клиент не вошёл: бронирования показать нельзя. Предложите войти на сайте.")
    bookings = Booking.objects.filter(guest_id=conversation.user_id).select_related("rental").order_by("-check_in")
    rows = [f"{b.rental.title}: {b.check_in}–{b.check_out}, {b.get_status_display()}" for b in bookings[:5]]
    return ToolResult("\n".join(rows) or "Бронирований нет.")


def my_requests(conversation, **_):
    """The identified customer's own requests on this site (as the cabinet lists them)."""
    if conversation.user_id is None:
        return ToolResult("Клиент не вошёл: заявки показать нельзя. Предложите войти на сайте.")
    leads = Lead.objects.filter(user_id=conversation.user_id, site_id=conversation.bot.site_id).order_by("-created_at")
    rows = [f"№{lead.pk} от {lead.created_at:%d.%m.%Y}: {lead.get_kind_display()}, {lead.get_stage_display()}"
            for lead in leads[:5]]  # fmt: skip
    return ToolResult("\n".join(rows) or "Заявок нет.")


TOOLS = {
    "search_listings": search_listings,
    "check_availability": check_availability,
    "create_lead": create_lead,
    "my_bookings": my_bookings,
    "my_requests": my_requests,
}


def call(conversation, name, arguments):
    tool = TOOLS.get(name)
    if tool is None:
        return ToolResult(f"Нет инструмента {name}.")
    return tool(conversation, **(arguments if isinstance(arguments, dict) else {}))
