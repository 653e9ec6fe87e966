"""The blocks of a brand's home page: a hero with the catalog's search, featured listings, the numbers, the story,
the blog. Each block's look is the editor's choice among a few layouts; the colours are the brand's."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from blog.models import BlogIndexPage, BlogPostPage
from core.restrictions import public_q
from home import catalogs
from leads.blocks import LeadFormBlock

LISTING_PAGE_TYPES = [
    "catalog.ResidentialComplexPage",
    "catalog.ApartmentPage",
    "catalog.CarAdPage",
    "catalog.RentalPropertyPage",
    "catalog.BusinessPage",
    "catalog.EventPage",
]


def _home(parent_context):
    """The home page a block renders on (blocks are also previewed without one)."""
    return (parent_context or {}).get("page")


def _prepared(value, parent_context):
    """What HomePage.get_context fetched in bulk for this block (home.catalogs.prepare), or None."""
    return ((parent_context or {}).get("home_blocks") or {}).get(id(value))


class HeroSearchBlock(blocks.StructBlock):
    catalog = blocks.ChoiceBlock(
        label=_("Поиск по каталогу"),
        choices=catalogs.CATALOG_CHOICES,
        help_text=_("Форма поиска этого каталога: те же фильтры, что на странице списка."),
    )
    heading = blocks.CharBlock(
        label=_("Заголовок"), required=False, max_length=120, help_text=_("Пусто — заголовок страницы.")
    )
    text = blocks.TextBlock(
        label=_("Текст"), required=False, max_length=300, help_text=_("Пусто — вступление страницы.")
    )
    image = ImageChooserBlock(
        label=_("Изображение"), required=False, help_text=_("Пусто — главное изображение страницы.")
    )
    layout = blocks.ChoiceBlock(
        label=_("Вид"),
        choices=[
            ("split", _("Текст и форма слева, изображение справа")),
            ("cover", _("Изображение на весь блок, форма поверх")),
            ("band", _("Полоса цвета бренда без изображения")),
        ],
        default="split",
        help_text=_("Как выглядит первый экран."),
    )
    button_text = blocks.CharBlock(
        label=_("Текст кнопки"), required=False, max_length=40, help_text=_("Пусто — «Найти».")
    )

    class Meta:
        icon = "search"
        template = "home/blocks/hero_search.html"
        label = _("Первый экран с поиском")
        description = _("Заголовок, изображение и форма поиска по каталогу бренда.")
        preview_value = {"catalog": "complexes", "heading": "Квартиры в новостройках", "layout": "band"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page, request = _home(parent_context), (parent_context or {}).get("request")
        prepared = _prepared(value, parent_context)
        if prepared is not None:
            found = prepared["search"]
        elif page is not None:
            found = catalogs.search_form(catalogs.index_for(page, value["catalog"]), value["catalog"], request)
        else:
            found = None
        context["fields"], context["action"] = found or ([], "")
        context["image"] = value["image"] or getattr(page, "hero_image", None)
        return context


class FeaturedListingsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Заголовок"), max_length=120, help_text=_("Например, «Новые предложения»."))
    catalog = blocks.ChoiceBlock(
        label=_("Каталог"), choices=catalogs.CATALOG_CHOICES, help_text=_("Из какого каталога объявления.")
    )
    picks = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=LISTING_PAGE_TYPES),
        label=_("Выбор редактора"),
        required=False,
        help_text=_("Объявления в этом порядке. Пусто — самые новые (мероприятия — ближайшие)."),
    )
    count = blocks.IntegerBlock(
        label=_("Сколько показать"), default=4, min_value=1, max_value=12, help_text=_("От 1 до 12.")
    )
    layout = blocks.ChoiceBlock(
        label=_("Вид"),
        choices=[
            ("grid", _("Сетка карточек")),
            ("row", _("Лента с прокруткой")),
            ("lead", _("Первая карточка крупно")),
        ],
        default="grid",
        help_text=_("Как разложить карточки."),
    )
    link_text = blocks.CharBlock(
        label=_("Текст ссылки на каталог"), required=False, max_length=60, help_text=_("Пусто — «Смотреть все».")
    )

    class Meta:
        icon = "list-ul"
        template = "home/blocks/featured_listings.html"
        label = _("Объявления")
        description = _("Карточки объявлений каталога: выбранные редактором или самые новые.")
        preview_value = {"heading": "Новые предложения", "catalog": "complexes", "count": 4, "layout": "grid"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = _home(parent_context)
        prepared = _prepared(value, parent_context)
        if prepared is None and page is not None:
            index = catalogs.index_for(page, value["catalog"])
            listings = catalogs.featured(index, value["catalog"], value["count"], value["picks"])
            route = catalogs.CATALOGS[value["catalog"]].route
            request = (parent_context or {}).get("request")
            prepared = {"listings": listings, "index_url": index.get_url(request) + route if index else ""}
        context.update(prepared or {"listings": [], "index_url": ""})
        return context


def _count(value):
    return number_format(value or 0, decimal_pos=0, force_grouping=True)


def _money(sign):
    def fmt(value):
        if value is None:
            return ""
        return f"{number_format(Decimal(value).quantize(Decimal(1)), decimal_pos=0, force_grouping=True)}\u00a0{sign}"

    return fmt


def _millions(value):
    if value is None:
        return ""
    amount = number_format((Decimal(value) / 1_000_000).quantize(Decimal("0.1")), decimal_pos=1)
    return (_("%(amount)s млн ₽") % {"amount": amount}).replace(" ", "\u00a0")


def _rating(value):
    return number_format(Decimal(value).quantize(Decimal("0.1")), decimal_pos=1) if value is not None else ""


# metric: (label, source, aggregate key, how to print it, a prefix such as «от»)
METRICS = {
    "realty.complexes": (_("жилых комплексов"), "realty", "complexes", _count, ""),
    "realty.apartments": (_("квартир в продаже"), "realty", "apartments", _count, ""),
    "realty.developers": (_("застройщиков"), "realty", "developers", _count, ""),
    "realty.price_from": (_("цена квартиры"), "realty", "price_from", _millions, _("от")),
    "realty.price_m2": (_("средняя цена м²"), "realty", "price_m2", _money("₽"), ""),
    "cars.ads": (_("автомобилей в продаже"), "cars", "ads", _count, ""),
    "cars.makes": (_("марок"), "cars", "makes", _count, ""),
    "cars.new": (_("новых автомобилей"), "cars", "new", _count, ""),
    "cars.price_from": (_("цена автомобиля"), "cars", "price_from", _money("₽"), _("от")),
    "rentals.properties": (_("вариантов жилья"), "rentals", "properties", _count, ""),
    "rentals.districts": (_("районов города"), "rentals", "districts", _count, ""),
    "rentals.price_from": (_("за сутки"), "rentals", "price_from", _money("₸"), _("от")),
    "rentals.rating": (_("средняя оценка гостей"), "rentals", "rating", _rating, ""),
    "club.partners": (_("партнёров клуба"), "club", "partners", _count, ""),
    "club.offers": (_("действующих предложений"), "club", "offers", _count, ""),
    "club.events": (_("встреч впереди"), "club", "events", _count, ""),
    "club.cities": (_("городов"), "club", "cities", _count, ""),
}
METRIC_CHOICES = [("custom", _("Своё значение")), *[(key, row[0]) for key, row in METRICS.items()]]


class NumberBlock(blocks.StructBlock):
    metric = blocks.ChoiceBlock(
        label=_("Показатель"),
        choices=METRIC_CHOICES,
        help_text=_("Считается по каталогу сайта; «Своё значение» — число и подпись ниже."),
    )
    value = blocks.CharBlock(
        label=_("Значение"),
        required=False,
        max_length=20,
        help_text=_("Только для «Своего значения», например «12 лет»."),
    )
    label = blocks.CharBlock(
        label=_("Подпись"), required=False, max_length=60, help_text=_("Пусто — подпись показателя.")
    )

    class Meta:
        icon = "order"
        label = _("Число")

    def clean(self, value):
        value = super().clean(value)
        if value["metric"] == "custom" and not (value["value"] and value["label"]):
            raise blocks.StructBlockValidationError(
                {"value": blocks.BlockValidationError(_("Для своего значения нужны и число, и подпись."))}
            )
        return value


class NumbersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Заголовок"), required=False, max_length=120, help_text=_("Необязательно."))
    items = blocks.ListBlock(NumberBlock(), label=_("Числа"), min_num=1, max_num=6)
    layout = blocks.ChoiceBlock(
        label=_("Вид"),
        choices=[("band", _("Полоса цвета бренда")), ("cards", _("Карточки"))],
        default="band",
        help_text=_("Как показать числа."),
    )

    class Meta:
        icon = "table"
        template = "home/blocks/numbers.html"
        label = _("Цифры")
        description = _("Главные цифры бренда, посчитанные по каталогу.")
        preview_value = {"items": [{"metric": "custom", "value": "12 лет", "label": "на рынке"}], "layout": "band"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = _home(parent_context)
        shown = []
        for item in value["items"]:
            if item["metric"] == "custom":
                shown.append(("", item["value"], item["label"]))
                continue
            label, source, key, fmt, prefix = METRICS[item["metric"]]
            found = catalogs.numbers(page, source).get(key) if page is not None else None
            if found is not None:
                shown.append((prefix, fmt(found), item["label"] or label))
        context["numbers"] = shown
        return context


class StoryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Заголовок"), required=False, max_length=120, help_text=_("Например, «О нас»."))
    text = blocks.RichTextBlock(
        label=_("Текст"), features=["bold", "italic", "link", "ol", "ul", "h3"], help_text=_("Несколько абзацев.")
    )
    image = ImageChooserBlock(label=_("Изображение"), required=False, help_text=_("Необязательно."))
    image_position = blocks.ChoiceBlock(
        label=_("Изображение"),
        choices=[("right", _("Справа")), ("left", _("Слева"))],
        default="right",
        help_text=_("С какой стороны от текста."),
    )
    link = blocks.PageChooserBlock(label=_("Ссылка"), required=False, help_text=_("Например, страница «О компании»."))
    link_text = blocks.CharBlock(
        label=_("Текст ссылки"), required=False, max_length=60, help_text=_("Пусто — «Подробнее».")
    )

    class Meta:
        icon = "doc-full"
        template = "home/blocks/story.html"
        label = _("История")
        description = _("Текст о бренде с изображением и ссылкой.")
        preview_value = {"heading": "О нас", "text": "<p>Мы работаем для вас каждый день.</p>"}


class LatestPostsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Заголовок"), required=False, max_length=120, help_text=_("Пусто — «Новое в блоге».")
    )
    count = blocks.IntegerBlock(
        label=_("Сколько статей"), default=3, min_value=1, max_value=6, help_text=_("От 1 до 6.")
    )

    class Meta:
        icon = "edit"
        template = "home/blocks/latest_posts.html"
        label = _("Статьи блога")
        description = _("Последние статьи блога этого сайта.")
        preview_value = {"count": 3}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = _home(parent_context)
        prepared = _prepared(value, parent_context)
        if prepared is None and page is not None:
            blog = BlogIndexPage.objects.child_of(page).live().first()
            posts = BlogPostPage.objects.live().filter(public_q()).descendant_of(blog) if blog else []
            prepared = {
                "blog": blog,
                "posts": list(posts.select_related("cover_image").order_by("-date")[: value["count"]]) if blog else [],
            }
        context.update(prepared or {"posts": [], "blog": None})
        return context


class HomeSectionsStreamBlock(blocks.StreamBlock):
    """What an editor puts on a brand's home page, in any order."""

    hero = HeroSearchBlock()
    featured = FeaturedListingsBlock()
    numbers = NumbersBlock()
    story = StoryBlock()
    latest_posts = LatestPostsBlock()
    lead_form = LeadFormBlock()
