from datetime import timedelta

import pytest
from django.test import override_settings

from loyalty import wallet
from loyalty.services import ClubError
from tests.loyalty.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_current_code_resolves_now_with_the_qr_and_the_fallback(member):
    code = wallet.current_code(member)
    assert wallet.resolve(code.qr_payload) == member
    assert wallet.resolve(code.fallback) == member
    assert len(code.fallback) == 8
    assert code.valid_until - code.valid_from == timedelta(seconds=wallet.WINDOW)
    assert code.valid_from <= wallet.timezone.now() < code.valid_until


def test_fallback_may_be_typed_with_spaces(member):
    fallback = wallet.current_code(member).fallback
    assert wallet.resolve(f" {fallback[:4]} {fallback[4:]} ") == member


def test_code_of_the_previous_window_still_resolves(member, clock):
    code = wallet.current_code(member)
    clock.shift(code.valid_until - wallet.timezone.now())  # the next window begins
    assert wallet.current_code(member) != code
    assert wallet.resolve(code.qr_payload) == member
    assert wallet.resolve(code.fallback) == member


@pytest.mark.parametrize("field", ["qr_payload", "fallback"])
def test_code_stops_working_after_the_next_window(member, clock, field):
    code = wallet.current_code(member)
    clock.shift(code.valid_until - wallet.timezone.now() + timedelta(seconds=wallet.WINDOW))
    with pytest.raises(ClubError) as error:
        wallet.resolve(getattr(code, field))
    assert error.value.code == "code_expired"
    assert "устарел" in error.value.messages[0]


def test_future_code_is_not_valid_before_its_window(member):
    later = wallet.upcoming_codes(member, count=3)[2]
    with pytest.raises(wallet.CodeError):
        wallet.resolve(later.qr_payload)
    with pytest.raises(wallet.CodeError):
        wallet.resolve(later.fallback)


def test_upcoming_codes_each_resolve_in_their_own_window(member, clock):
    codes = wallet.upcoming_codes(member, count=3)
    assert codes[0] == wallet.current_code(member)
    for code in codes:
        clock.move_to(code.valid_from + timedelta(seconds=1))
        assert wallet.resolve(code.qr_payload) == member
        assert wallet.resolve(code.fallback) == member


def test_forged_signature_is_refused(member):
    payload = wallet.current_code(member).qr_payload
    forged = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
    with pytest.raises(ClubError) as error:
        wallet.resolve(forged)
    assert error.value.code == "code_invalid"


def test_a_signature_from_another_key_is_refused(member):
    with override_settings(SECRET_KEY="another-key-" * 5):
        payload = wallet.current_code(member).qr_payload
        fallback = wallet.current_code(member).fallback
    for text in (payload, fallback):
        with pytest.raises(wallet.CodeError):
            wallet.resolve(text)


def test_another_members_code_never_resolves_to_this_one(member):
    other = MemberFactory()
    code = wallet.current_code(other)
    assert wallet.resolve(code.qr_payload) == other
    assert wallet.resolve(code.fallback) == other
    # moving the signature or the digits onto this member's number is refused
    mine = wallet.current_code(member)
    swapped = f"{wallet.PREFIX}.{member.pk}.{wallet.window_of()}.{code.qr_payload.rsplit('.', 1)[1]}"
    with pytest.raises(wallet.CodeError):
        wallet.resolve(swapped)
    if code.fallback[4:] != mine.fallback[4:]:
        with pytest.raises(wallet.CodeError):
            wallet.resolve(mine.fallback[:4] + code.fallback[4:])


def test_codes_of_different_members_differ(member):
    others = [MemberFactory() for _ in range(5)]
    fallbacks = {wallet.current_code(m).fallback for m in [member, *others]}
    assert len(fallbacks) == 6


@pytest.mark.parametrize("text", ["", "hello", "1234", "SK1.1.2.", "SK1.x.1.abc", "9" * 40])
def test_garbage_is_refused_with_a_message(member, text):
    with pytest.raises(ClubError) as error:
        wallet.resolve(text)
    assert error.value.code == "code_invalid"


def test_unknown_member_is_refused(member):
    code = wallet.code_for(member.pk + 1000, wallet.window_of())
    with pytest.raises(ClubError) as error:
        wallet.resolve(code.qr_payload)
    assert error.value.code == "code_unknown_member"


def test_inactive_account_does_not_resolve(member):
    member.user.is_active = False
    member.user.save()
    with pytest.raises(wallet.CodeError):
        wallet.resolve(wallet.current_code(member).fallback)


def test_resolve_is_one_query(member, django_assert_num_queries):
    code = wallet.current_code(member)
    with django_assert_num_queries(1):
        assert wallet.resolve(code.qr_payload).user.email


def test_message_is_translated(member, clock):
    from django.utils import translation

    code = wallet.current_code(member)
    clock.shift(timedelta(minutes=5))
    with pytest.raises(ClubError) as error:
        wallet.resolve(code.fallback)
    with translation.override("en"):
        assert "expired" in str(error.value.messages[0]).lower()
