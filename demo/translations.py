"""The demo in Kazakh and English: every page of the demo tree copied into the other locales, its words translated.

Each builder keeps the translations of its own strings beside them, as `TRANSLATIONS = {russian: (kazakh, english)}`
(demo.content has whole pages: `PAGE_TRANSLATIONS`). A copy's text fields (titles, intros, rich text, StreamField
text, child objects' captions and names) are translated phrase by phrase, longest phrase first, so a text a builder
composed from its pieces («2-комнатная квартира» + «у набережной» + a street) comes out in the other language from
the same pieces. Proper names stay as they are; in English the Cyrillic left (street and complex names) is spelled
in Latin letters.

The copies are real Wagtail translations (same `translation_key`, the target locale, the translated parent), made
in bulk with demo.bulk (no revisions: editing one in the admin starts its history), so `/kk/arenda/obekt-001/`
answers as `/arenda/obekt-001/` does. Only the demo's own pages are translated, not the listings `--scale` adds."""

import json
import re
from collections import defaultdict
from functools import cache

from anyascii import anyascii
from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.models.copying import _copy
from wagtail.rich_text import RichText

from demo import bulk

LANGUAGES = ("kk", "en")

# Never translated: codes, addresses of things, machine values.
UNTRANSLATED_FIELDS = {
    "slug",
    "url_path",
    "path",
    "draft_title",
    "seo_canonical_url",
    "canonical_url",
    "video_url",
    "online_url",
    "website",
    "social_url",
    "email",
    "phone",
    "realtor_phone",
    "vin",
    "external_id",
    "postal_code",
    "country",
    "content_type",
}

# Wagtail's page fields a translation does not take from its source.
EXCLUDED_ON_COPY = [
    *Page.default_exclude_fields_in_copy,
    "locale",
    "live_revision",
    "latest_revision_created_at",
    "alias_of",
    "locked",
    "locked_at",
    "locked_by",
]

# Words of the demo that several builders share.
COMMON = {
    "О компании": ("Компания туралы", "About us"),
    "Контакты": ("Байланыс", "Contacts"),
    "Блог": ("Блог", "Blog"),
    "Москва": ("Мәскеу", "Moscow"),
    "Санкт-Петербург": ("Санкт-Петербург", "Saint Petersburg"),
    "Астана": ("Астана", "Astana"),
    "ул. ": ("көш. ", "st. "),
    "пр. ": ("даң. ", "ave. "),
    "Иллюстрация": ("Иллюстрация", "Illustration"),
    "Визуализация": ("Визуализация", "Rendering"),
    "ЖильеGO": ("ЖильеGO", "ZhilyoGO"),
    "Свой Круг": ("Свой Круг", "Svoy Krug"),
}


class Phrasebook:
    """Translates a Russian text of the demo: first the sentences a builder fills in (`patterns`: (regex, kazakh,
    english) with \\1 for what was filled in), then its known phrases, longest first."""

    def __init__(self, tables, patterns=()):
        self.rules = {
            language: [(re.compile(regex), replacements[index]) for regex, *replacements in patterns]
            for index, language in enumerate(LANGUAGES)
        }
        by_language = {language: {} for language in LANGUAGES}
        for table in tables:
            for russian, translations in table.items():
                for language, text in zip(LANGUAGES, translations, strict=True):
                    by_language[language][russian] = text
        self.patterns = {}
        self.tables = by_language
        for language, table in by_language.items():
            phrases = sorted(table, key=len, reverse=True)
            self.patterns[language] = re.compile("|".join(re.escape(phrase) for phrase in phrases)) if phrases else None

    def __call__(self, text, language):
        if not text or not isinstance(text, str):
            return text
        for regex, replacement in self.rules[language]:
            text = regex.sub(replacement, text)
        pattern = self.patterns[language]
        if pattern is not None:
            text = pattern.sub(lambda match: self.tables[language][match.group(0)], text)
        if language == "en" and CYRILLIC.search(text):
            text = CYRILLIC_RUN.sub(lambda match: anyascii(match.group(0)), text)
        return text


CYRILLIC = re.compile("[А-Яа-яЁё]")
CYRILLIC_RUN = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")


@cache
def phrasebook():
    from demo import cars, content_i18n, partners, realty, rentals

    tables = [COMMON, content_i18n.TRANSLATIONS, realty.TRANSLATIONS, cars.TRANSLATIONS, rentals.TRANSLATIONS]
    tables.append(partners.TRANSLATIONS)
    return Phrasebook(tables, patterns=realty.PATTERNS)


def _translate_object(obj, language, translate, skip=()):
    """Translate the text fields of a page or child object in place."""
    for field in obj._meta.concrete_fields:
        if field.name in UNTRANSLATED_FIELDS or field.name in skip or field.choices:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, StreamField):
            raw = json.dumps(field.get_prep_value(value), ensure_ascii=False)
            setattr(obj, field.name, field.to_python(json.loads(translate(raw, language))))
        elif isinstance(field, models.CharField | models.TextField | RichTextField) and isinstance(value, str):
            if isinstance(field, models.URLField | models.EmailField | models.SlugField):
                continue
            setattr(obj, field.attname, translate(value, language))


def translated_copy(page, locale, translate, overrides=None, child_copies=None):
    """An unsaved copy of the specific `page` in `locale`, its words translated (`overrides`: {field: text}).
    `child_copies` collects {(model, source pk): copy} of its child objects (a building of a complex, ...)."""
    exclude = [*EXCLUDED_ON_COPY, *getattr(page, "exclude_fields_in_copy", [])]
    copy, child_map = _copy(page, exclude_fields=exclude)
    copy.locale = locale
    copy.translation_key = page.translation_key
    copy.live_revision = copy.latest_revision = None
    language = locale.language_code
    _translate_object(copy, language, translate)
    for (_relation, old_pk), child in child_map.items():
        _translate_object(child, language, translate)
        if child_copies is not None:
            child_copies[type(child), old_pk] = child
    for field, value in (overrides or {}).items():
        setattr(copy, field, value)
    copy.draft_title = copy.title
    return copy


def beyond_sample(home, per_type=2):
    """The pages a sample translation leaves out (`seed_demo --translations sample`, the test suite's demo): under
    each parent, every child of a page type after its first `per_type` (their subtrees follow them, since a page
    is translated only under its parent's translation)."""
    seen, left_out = defaultdict(int), []
    rows = home.get_descendants().live().order_by("path").values_list("pk", "path", "content_type_id")
    for pk, path, content_type in rows:
        siblings_of_type = (path[: -Page.steplen], content_type)
        seen[siblings_of_type] += 1
        if seen[siblings_of_type] > per_type:
            left_out.append(pk)
    return left_out


def translate_tree(home, locales, *, overrides=None, exclude_pks=()):
    """Copy every live page under `home` (Russian) into each locale of `locales` where it has no translation yet,
    parents before children, under the parent's translation. `overrides(page, language)` may give whole fields.
    Returns how many pages were made."""
    pages = list(home.get_descendants().live().exclude(pk__in=exclude_pks).order_by("path").specific())
    if not pages:
        return 0
    keys = {page.translation_key for page in pages} | {home.translation_key}
    existing = defaultdict(dict)  # language -> {translation_key: page}
    for translation in (
        Page.objects.filter(translation_key__in=keys).exclude(locale=home.locale_id).select_related("locale")
    ):
        existing[translation.locale.language_code][translation.translation_key] = translation
    by_path = {page.path: page for page in [home, *pages]}
    key_of = {page.pk: page.translation_key for page in [home, *pages]}
    made = 0
    for locale in locales:
        language = locale.language_code
        known = existing[language]
        if home.translation_key not in known:
            continue  # the home's translation comes first (seed_demo.translate_home)
        by_depth = defaultdict(lambda: defaultdict(list))
        child_copies, copies_made = {}, []
        for page in pages:
            if page.translation_key in known:
                continue
            parent = by_path.get(page.path[: -Page.steplen])
            if parent is None:
                continue
            parent_key = parent.translation_key
            extra = overrides(page, language) if overrides else None
            copy = translated_copy(page, locale, phrasebook(), extra, child_copies)
            by_depth[page.depth][parent_key].append(copy)
            copies_made.append(copy)
        for depth in sorted(by_depth):
            batch = {}
            for parent_key, copies in by_depth[depth].items():
                parent = known.get(parent_key)
                if parent is None:
                    continue
                batch[parent] = copies
            made += bulk.add_children(batch)
            for copies in batch.values():
                for copy in copies:
                    known[copy.translation_key] = copy
        _relink(copies_made, known, key_of, child_copies)
    return made


OWN_LINKS = {"locale", "content_type", "owner", "latest_revision", "live_revision", "alias_of", "locked_by"}


def _relink(copies, known, key_of, child_copies):
    """Point the copies' links to other pages of the tree (an apartment's complex, an event's organiser) and to
    their child objects (an apartment's building) at the translations made alongside."""
    changed = defaultdict(lambda: defaultdict(list))  # model -> field -> [copies]
    for copy in copies:
        for field in type(copy)._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) or field.name in OWN_LINKS or field.remote_field.parent_link:
                continue
            old = getattr(copy, field.attname)
            if old is None:
                continue
            target = field.related_model
            new = None
            if issubclass(target, Page):
                translation = known.get(key_of.get(old))
                new = translation.pk if translation is not None else None
            elif (target, old) in child_copies:
                new = child_copies[target, old].pk
            if new is not None and new != old:
                setattr(copy, field.attname, new)
                changed[type(copy)][field.name].append(copy)
    for model, by_field in changed.items():
        for name, objects in by_field.items():
            model.objects.bulk_update(objects, [name], batch_size=bulk.BATCH_SIZE)


def page_translation(brand, page, language):
    """{field: value} that demo.content gives whole for the translation of `page` (of `brand`) into `language`."""
    from demo.content_i18n import PAGE_TRANSLATIONS

    fields = dict(PAGE_TRANSLATIONS.get(brand, {}).get(page.slug, {}).get(language, {}))
    body = page._meta.get_field("body") if "body" in fields else None
    if isinstance(body, StreamField):
        fields["body"] = [("paragraph", RichText(fields["body"]))]
    return fields
