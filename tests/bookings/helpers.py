"""Bookings in any status, realtors with admin access, and test images, for the access and review tests."""

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Page

from bookings.models import Booking, BookingStatus

HOST = "zhilego.localhost"


def make_booking(rental, guest, status, check_in):
    """A booking in `status` straight away (the status machine has its own tests)."""
    now = timezone.now()
    return Booking.objects.create(
        rental=rental,
        guest=guest,
        check_in=check_in,
        check_out=check_in + timedelta(days=2),
        nights=2,
        total=Decimal("40000"),
        status=status,
        hold_expires_at=now + timedelta(minutes=15) if status == BookingStatus.HOLD else None,
        guest_name="Айгерим",
        guest_phone="+77011234567",
        rules_accepted_at=now,
    )


def make_user(email, *, admin=False, superuser=False, perms=()):
    users = get_user_model().objects
    if superuser:
        return users.create_superuser(email=email, password="pass-Long-12345")
    user = users.create_user(email=email, password="pass-Long-12345")
    codenames = ["access_admin"] * admin + list(perms)
    if codenames:
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


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
