"""`manage.py rotate_encryption_key`: connector credentials and door codes move to the current key in one
transaction, counted; a second run changes nothing; a value no key decrypts stops it with nothing changed."""

import base64
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from bookings.models import DoorCodes, RentalAccess
from loyalty.models import Connector
from tests.bookings.factories import RentalFactory
from tests.loyalty.factories import PartnerFactory, connector

pytestmark = pytest.mark.django_db

OLD, NEW = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))
CODES = DoorCodes(intercom="1234", flat="5678", safe="0000")
SECRET = {"user": "club", "password": "s3cret"}


def rotate():
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    return out.getvalue()


@pytest.fixture
def stored(clock):
    with override_settings(FIELD_ENCRYPTION_KEYS=f"old:{OLD}"):
        partner = PartnerFactory()
        connectors = [connector(partner, credentials=SECRET), connector(partner, credentials=SECRET)]
        empty = connector(partner, credentials={})
        access = RentalAccess(rental=RentalFactory())
        access.set_codes(CODES)
        access.save()
    return connectors, empty, access


def test_everything_moves_to_the_new_key_once(stored):
    connectors, empty, access = stored
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{NEW},old:{OLD}"):
        report = rotate()
        assert "loyalty.Connector.credentials_encrypted: re-encrypted 2, 0 already used key 'new'" in report
        assert "bookings.RentalAccess.codes_encrypted: re-encrypted 1, 0 already used key 'new'" in report
        assert "Re-encrypted 3 values with key 'new'; 0 already used it." in report
        assert "Re-encrypted 0 values with key 'new'; 3 already used it." in rotate()  # idempotent
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{NEW}"):  # the old key can go now
        for row in connectors:
            row = Connector.objects.get(pk=row.pk)
            assert row.credentials_encrypted.startswith("new:")
            assert row.credentials == SECRET
        assert Connector.objects.get(pk=empty.pk).credentials_encrypted == ""
        assert RentalAccess.objects.get(pk=access.pk).decrypt_codes() == CODES


def test_a_value_no_key_decrypts_changes_nothing(stored):
    connectors, _empty, access = stored
    lost = base64.b64encode(os.urandom(32)).decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=f"lost:{lost}"):
        connector(connectors[0].partner, credentials=SECRET)  # under a key about to be dropped
    before = {row.pk: row.credentials_encrypted for row in Connector.objects.all()}
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{NEW},old:{OLD}"), pytest.raises(CommandError) as error:
        rotate()
    assert "cannot be decrypted" in str(error.value)
    assert {row.pk: row.credentials_encrypted for row in Connector.objects.all()} == before
    assert RentalAccess.objects.get(pk=access.pk).codes_encrypted.startswith("old:")
