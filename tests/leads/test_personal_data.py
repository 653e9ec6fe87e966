"""A person's leads in the cabinet's data export, and wiped from them when the account is deleted."""

import pytest

from accounts.cabinet.personal_data import erase_personal_data, export_personal_data
from leads.models import InteractionKind
from leads.pipeline import log_interaction

pytestmark = pytest.mark.django_db


def test_leads_are_exported_and_their_contact_details_erased(make_lead, django_user_model):
    person = django_user_model.objects.create_user(email="p@example.com", password="pw")
    stranger_lead = make_lead(name="Чужой", phone="+79007770000")
    lead = make_lead(user=person, name="Пётр", email="p@example.com", message="Позвоните вечером")
    log_interaction(lead, InteractionKind.REQUEST, text="Позвоните вечером", data={"phone": lead.phone})

    exported = export_personal_data(person)["leads"]
    assert [(row["number"], row["name"], row["phone"]) for row in exported] == [(lead.pk, "Пётр", "+79001234567")]

    erase_personal_data(person)
    lead.refresh_from_db()
    assert (lead.phone, lead.email, lead.message) == ("", "", "")
    assert lead.name != "Пётр"
    assert lead.interactions.get(kind=InteractionKind.REQUEST).data == {}
    stranger_lead.refresh_from_db()
    assert stranger_lead.phone == "+79007770000"
