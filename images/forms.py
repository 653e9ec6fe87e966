"""The admin's image upload form: its help text also states the pixel limit, which Wagtail checks but does not
announce (WAGTAILIMAGES_MAX_IMAGE_PIXELS, from UPLOAD_MAX_PHOTO_MEGAPIXELS)."""

from django.conf import settings
from django.utils.translation import gettext
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if file_field := self.fields.get("file"):
            limit = gettext("Не больше %(megapixels)s мегапикселей.") % {
                "megapixels": settings.UPLOAD_MAX_PHOTO_MEGAPIXELS
            }
            file_field.help_text = f"{file_field.help_text} {limit}".strip()
