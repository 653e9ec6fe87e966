import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_user_logs_in_by_email_and_has_no_username():
    user = User.objects.create_user(email="Anna@Example.com", password="s3cret-pass!", first_name="Анна")
    assert user.email == "Anna@example.com"  # domain part normalised
    assert not hasattr(user, "username") or user.username is None
    assert authenticate(email="Anna@example.com", password="s3cret-pass!") == user
    assert str(user) == "Анна"


def test_superuser_is_staff():
    admin = User.objects.create_superuser(email="root@example.com", password="x")
    assert admin.is_staff and admin.is_superuser


def test_email_is_required():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_phone_is_optional_but_unique():
    User.objects.create_user(email="a@example.com")
    User.objects.create_user(email="b@example.com")  # two accounts without a phone are fine
    User.objects.create_user(email="c@example.com", phone="+77011234567")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="d@example.com", phone="+77011234567")
    assert User.objects.filter(phone="+77011234567").count() == 1


def test_email_is_unique():
    User.objects.create_user(email="same@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="same@example.com")
