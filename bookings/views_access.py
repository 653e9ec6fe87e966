"""The guest's «Показать коды» on the booking page: a POST that reveals the door codes once and logs it."""

import logging

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bookings.access import DoorCodesRefused, NoDoorCodes, reveal_door_codes
from bookings.views import own_booking, render_booking
from core.crypto import DecryptionError
from core.http import client_ip

logger = logging.getLogger(__name__)


@never_cache
@login_required
@require_POST
def reveal_booking_door_codes(request, number):
    booking = own_booking(request, number)
    try:
        codes = reveal_door_codes(user=request.user, booking=booking, ip=client_ip(request))
    except DoorCodesRefused as refusal:
        booking.refresh_from_db(fields=["status"])
        return render_booking(request, booking, door_codes_message=refusal.message, status=403)
    except NoDoorCodes as missing:
        return render_booking(request, booking, door_codes_message=missing.message)
    except DecryptionError:
        logger.error("Door codes of rental %s cannot be decrypted with the configured keys", booking.rental_id)
        message = _("Не удалось показать коды. Мы уже знаем о проблеме; свяжитесь с риелтором.")
        return render_booking(request, booking, door_codes_message=message, status=503)
    return render_booking(request, booking, door_codes=codes)
