"""The «lead form» block for page bodies: a form of one kind, with the editor's heading and button text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from leads.models import LeadKind


class LeadFormBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Тип заявки"),
        choices=LeadKind.choices,
        default=LeadKind.CONSULTATION,
        help_text=_("Заявки придут менеджерам этого сайта."),
    )
    heading = blocks.CharBlock(
        label=_("Заголовок"),
        required=False,
        max_length=120,
        help_text=_("Пусто — название типа заявки, например «Консультация»."),
    )
    button_text = blocks.CharBlock(
        label=_("Текст кнопки"), required=False, max_length=60, help_text=_("Пусто — «Отправить заявку».")
    )

    class Meta:
        icon = "form"
        template = "leads/blocks/lead_form_block.html"
        label = _("Форма заявки")
        description = _("Форма заявки на консультацию, просмотр, обратный звонок или тест-драйв.")
        preview_value = {"kind": LeadKind.CONSULTATION, "heading": "Получить консультацию", "button_text": ""}
