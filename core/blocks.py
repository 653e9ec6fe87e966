"""StreamField blocks shared by content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Заголовок")
        description = _("Подзаголовок раздела (h2).")
        preview_value = "Как мы работаем"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Текст")
        description = _("Абзацы текста со ссылками и списками.")
        preview_value = "<p>Мы работаем для вас каждый день.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Изображение"))
    caption = blocks.CharBlock(label=_("Подпись"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image.html"
        label = _("Изображение")
        description = _("Изображение во всю ширину текста с подписью.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Цитата"))
    author = blocks.CharBlock(label=_("Автор"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Цитата")
        description = _("Выделенная цитата с автором.")
        preview_value = {"text": "Лучший сервис в городе.", "author": "Клиент"}


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
