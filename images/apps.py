from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Изображения")

    def ready(self):
        # Pillow refuses to open anything past twice this (warns past it): a safety net for every decode,
        # uploads check the limit themselves first (bookings.review_forms, WAGTAILIMAGES_MAX_IMAGE_PIXELS).
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
