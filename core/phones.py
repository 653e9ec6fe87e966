"""Phone numbers as people type them: stored as E.164 (+77011234567), sent to SMS gateways as digits only."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kazakhstan and Russia share +7 and the domestic "8" prefix, so "8 701 ..." and "8 916 ..."
# both resolve correctly with either region as the default.
DEFAULT_REGION = "KZ"

INVALID_PHONE_MESSAGE = _("Введите номер телефона полностью, например +7 701 123-45-67 или 8 701 123 45 67.")


def to_e164(raw: str) -> str:
    """ "8 (701) 123-45-67", "+7 701 1234567" -> "+77011234567"; anything that is not a real number
    raises ValidationError with a message for the person who typed it."""
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def digits_only(phone: str) -> str:
    """For gateways that take digits with the country code: "+7 701 123-45-67" -> "77011234567"."""
    return "".join(ch for ch in phone if ch.isdigit())
