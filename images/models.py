from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """A Wagtail image with its alt text and credit given once, for every use.

    Wagtail already renders `description` as the default alt text; we relabel it so
    editors know what it is for, and add the credit line."""

    description = models.CharField(
        _("альтернативный текст"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("Что изображено, для незрячих читателей и поисковиков. Пусто — берётся название."),
    )
    credit = models.CharField(
        _("автор / источник"), max_length=255, blank=True, help_text=_("Фотограф или правообладатель.")
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    @property
    def alt_text(self):
        return self.default_alt_text


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
