"""What the bot knows for one question: the bot's FAQ, the brand site's pages (Wagtail's search backend) and its
listings, with their prices and availability read from the data, never from a model.

`confidence` is the share of the question's words a source covers (0..1): plain and explainable in the admin."""

import re
from dataclasses import dataclass, field

from wagtail.models import Page

from catalog.models import ApartmentPage, CarAdPage, RentalPropertyPage, ResidentialComplexPage
from core.money import format_rubles, format_tenge

WORD = re.compile(r"[\wёЁ]+", re.UNICODE)
STOP_WORDS = {
    "как", "что", "где", "когда", "это", "есть", "ли", "для", "или", "мне", "вас", "нас", "вы", "мы", "какой",
    "какая", "какие", "сколько", "можно", "ваш", "ваши", "the", "and", "you", "how", "what", "is", "are",
    "бар", "ма", "қалай", "және", "нужно", "хочу", "подскажите", "пожалуйста", "здравствуйте",
}  # fmt: skip
LISTING_MODELS = (RentalPropertyPage, ApartmentPage, CarAdPage, ResidentialComplexPage)
PAGE_LIMIT = 5
SURE = 0.75


def stems(text):
    """Lower-case word stems (the first five letters): «доставка», «доставки» and «доставку» meet."""
    return {word[:5] for word in WORD.findall(text.lower()) if len(word) > 2 and word not in STOP_WORDS}


def coverage(question_stems, text):
    if not question_stems:
        return 0.0
    return len(question_stems & stems(text)) / len(question_stems)


@dataclass
class Source:
    kind: str  # "faq", "page", "listing"
    title: str
    url: str
    text: str
    score: float
    page_id: int | None = None

    def cite(self):
        return {"title": self.title, "url": self.url}


@dataclass
class Knowledge:
    question: str
    faq: object | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def confidence(self):
        return max((source.score for source in self.sources), default=0.0)

    def facts(self):
        """Numbered facts for the model's prompt."""
        return "\n".join(f"[{n}] {s.title}: {s.text} ({s.url})" for n, s in enumerate(self.sources, 1))


def listing_facts(page):
    """The price and state of a listing as the database says now."""
    if isinstance(page, RentalPropertyPage):
        state = "принимает бронирования" if page.is_active else "сейчас не сдаётся"
        return f"от {format_tenge(page.price_per_night)} ₸ за сутки, {state}"
    if isinstance(page, ApartmentPage):
        price = f"{format_rubles(page.price)}" if page.price else "цена по запросу"
        return f"{price}, {page.get_status_display().lower()}" if hasattr(page, "get_status_display") else price
    if isinstance(page, CarAdPage):
        return f"{format_rubles(page.price)}" if page.price else "цена по запросу"
    if isinstance(page, ResidentialComplexPage) and page.price_min:
        return f"квартиры от {format_rubles(page.price_min)}"
    return ""


def site_pages(bot):
    return Page.objects.live().public().descendant_of(bot.site.root_page, inclusive=True)


def search_pages(bot, question, limit=PAGE_LIMIT):
    try:
        return list(site_pages(bot).defer_streamfields().specific().search(question, operator="or")[:limit])
    except Exception:  # noqa: BLE001 (a search backend that cannot parse the words finds nothing)
        return []


def page_source(page, question_stems, request=None):
    page = page.specific_deferred if type(page) is Page else page
    facts = listing_facts(page)
    description = getattr(page, "search_description", "") or ""
    text = "; ".join(part for part in (facts, description) if part) or page.title
    score = coverage(question_stems, f"{page.title} {description} {page.slug.replace('-', ' ')}")
    return Source(
        kind="listing" if facts else "page",
        title=page.title,
        url=page.get_full_url(request) or page.url or "",
        text=text[:400],
        score=round(score * 0.9, 3),  # a page matches less surely than a question written for it
        page_id=page.pk,
    )


def match_faq(bot, question, language):
    question_stems = stems(question)
    best, best_score = None, 0.0
    every = bot.parts()["faqs"]
    faqs = [faq for faq in every if faq.language in (language, "")] or every
    for faq in faqs:
        score = coverage(question_stems, f"{faq.question} {faq.keywords}")
        if score > best_score:
            best, best_score = faq, score
    return best, best_score


def retrieve(bot, question, language="ru", request=None):
    knowledge = Knowledge(question=question)
    question_stems = stems(question)
    if bot.use_faq:
        faq, score = match_faq(bot, question, language)
        if faq is not None and score > 0:
            knowledge.faq = faq
            url = faq.page.get_full_url(request) if faq.page_id and faq.page else ""
            knowledge.sources.append(
                Source("faq", faq.question, url or "", faq.answer, round(score, 3), page_id=faq.page_id)
            )
    # a question the FAQ answers word for word needs no page search (the slowest part of an answer)
    if (bot.use_pages or bot.use_listings) and knowledge.confidence < SURE:
        for page in search_pages(bot, question):
            source = page_source(page, question_stems, request)
            if source.kind == "listing" and not bot.use_listings:
                continue
            if source.kind == "page" and not bot.use_pages:
                continue
            if source.score > 0 and all(source.page_id != s.page_id for s in knowledge.sources):
                knowledge.sources.append(source)
    knowledge.sources.sort(key=lambda source: -source.score)
    return knowledge


def search_listings(bot, query, limit=5, request=None):
    """The site's live listings matching `query`, each with its price from the data (the model's tool)."""
    found = []
    for model in LISTING_MODELS:
        pages = model.objects.live().public().descendant_of(bot.site.root_page).defer_streamfields()
        try:
            hits = list(pages.search(query, operator="or")[:limit])
        except Exception:  # noqa: BLE001
            hits = []
        found += [page_source(page, stems(query), request) for page in hits]
    return sorted(found, key=lambda source: -source.score)[:limit]
