"""Inputs a fuzzer found answering 500: each now gets a clear answer and changes nothing."""

from django.urls import reverse

from accounts.models import User


def test_asking_for_a_login_code_with_both_fields_empty_says_what_is_missing(client, db):
    users_before = User.objects.count()
    response = client.post(reverse("account_request_login_code"), {"email": "", "phone": ""})
    assert response.status_code == 200
    assert "Укажите email или номер телефона" in response.content.decode()
    assert User.objects.count() == users_before
