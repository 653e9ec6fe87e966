"""StreamField blocks of the new-build catalog."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

INFRASTRUCTURE_KINDS = [
    ("metro", _("Метро")),
    ("school", _("Школа")),
    ("kindergarten", _("Детский сад")),
    ("clinic", _("Поликлиника")),
    ("park", _("Парк")),
    ("shopping", _("Магазины и ТЦ")),
    ("sport", _("Спорт")),
    ("parking", _("Паркинг")),
]


class InfrastructureBlock(blocks.StructBlock):
    """A place near the complex: a metro station, a school, a park."""

    kind = blocks.ChoiceBlock(label=_("Что"), choices=INFRASTRUCTURE_KINDS)
    name = blocks.CharBlock(label=_("Название"), max_length=120, help_text=_("Например, «м. Беговая»."))
    walk_minutes = blocks.IntegerBlock(
        label=_("Минут пешком"), required=False, min_value=0, max_value=120, help_text=_("Пусто — на территории.")
    )

    class Meta:
        icon = "site"
        template = "catalog/realty/blocks/infrastructure.html"
        label = _("Объект рядом")
        description = _("Метро, школа, парк или магазин рядом с комплексом и время пешком до него.")
        preview_value = {"kind": "metro", "name": "м. Беговая", "walk_minutes": 7}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(INFRASTRUCTURE_KINDS).get(value.get("kind"), "")
        return context


class InfrastructureStreamBlock(blocks.StreamBlock):
    place = InfrastructureBlock()
