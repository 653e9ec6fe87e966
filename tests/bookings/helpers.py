"""A rental handed to its realtor, and test images, for the access and review tests."""

import io
import struct
import zlib

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


def png_upload(name, width, height, *, pixels=True):
    """A real grey PNG of any size, written row by row: 7000×7000 is about 50 KB and never held in memory.
    `pixels=False` leaves the image data out: only the header claims the size (a pixel bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    data = b""
    if pixels:
        packer, row = zlib.compressobj(9), b"\x00" * (width + 1)  # filter byte + one grey byte a pixel
        data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return SimpleUploadedFile(name, png, content_type="image/png")
