"""A rental handed to its realtor, and test images, for the access and review tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Page


def give_to_realtor(rental, realtor):
    Page.objects.filter(pk=rental.pk).update(owner=realtor)
    rental.owner_id = realtor.pk
    return rental


def image_upload(name="photo.jpg", size=(800, 600), format="JPEG", color=(40, 120, 200), exif=None):
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(buffer, format, **extra)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
