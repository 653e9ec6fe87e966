"""Deals: stages with their history, the lead moved through the pipeline, payout documents with their limits,
and the buyer's cabinet showing only their own deals."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from leads.deals import DealRefused, attach_document, change_price, move_deal, open_deal, remove_document
from leads.models import CashbackStatus, DealEvent, DealStage, InteractionKind, LeadStage, LostReason
from leads.pipeline import StageChangeRefused, move_to_stage
from tests.accounts.factories import staff
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def manager(make_manager):
    return make_manager("m1@example.com")


@pytest.fixture
def buyer():
    return get_user_model().objects.create_user(email="buyer@example.com", password="pw")


@pytest.fixture
def deal(make_lead, manager, apartment, buyer, make_rule):
    make_rule(1)
    lead = make_lead(manager=manager, stage=LeadStage.MEETING, user=buyer)
    return open_deal(lead, by=manager, apartment=apartment, comment="бронь внесена", today=date(2026, 5, 1))


def lead_moves(lead):
    return [(i.data["from"], i.data["to"]) for i in lead.interactions.filter(kind=InteractionKind.STAGE)]


def test_opening_a_deal_takes_the_apartment_complex_developer_and_price_and_moves_the_lead(
    deal, apartment, buyer, manager
):
    assert (deal.apartment, deal.complex, deal.developer) == (apartment, apartment.complex, apartment.complex.developer)
    assert (deal.price, deal.object_title, deal.buyer, deal.stage) == (
        apartment.price,
        apartment.title,
        buyer,
        DealStage.RESERVED,
    )
    assert deal.cashback_amount == (apartment.price / 100).quantize(Decimal("0.01"))
    deal.lead.refresh_from_db()
    assert deal.lead.stage == LeadStage.DEAL
    assert lead_moves(deal.lead) == [("meeting", "deal")]
    opened = deal.events.get(what=DealEvent.What.OPENED)
    assert (opened.author, opened.comment) == (manager, "бронь внесена")


def test_closing_walks_every_stage_and_wins_the_lead(deal, manager):
    with pytest.raises(DealRefused, match="из этапа «Бронь» в «Закрыта»"):
        move_deal(deal, DealStage.CLOSED, by=manager)
    for stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION):
        move_deal(deal, stage, by=manager)
        deal.lead.refresh_from_db()
        assert deal.lead.stage == LeadStage.DEAL
    move_deal(deal, DealStage.CLOSED, by=manager, comment="право собственности зарегистрировано")
    deal.refresh_from_db()
    deal.lead.refresh_from_db()
    assert deal.stage == DealStage.CLOSED and deal.closed_at is not None
    assert deal.lead.stage == LeadStage.WON
    assert lead_moves(deal.lead)[-1] == ("deal", "won")
    stages = list(deal.events.filter(what=DealEvent.What.STAGE).values_list("from_value", "to_value", "author"))
    assert stages == [
        ("Бронь", "Договор подписан", manager.pk),
        ("Договор подписан", "Оплата", manager.pk),
        ("Оплата", "Регистрация", manager.pk),
        ("Регистрация", "Закрыта", manager.pk),
    ]
    with pytest.raises(DealRefused, match="цену изменить нельзя"):
        change_price(deal, Decimal("1"), by=manager)


def test_cancelling_needs_reasons_then_loses_the_lead_and_cancels_the_cashback(deal, manager, make_lead, apartment):
    move_deal(deal, DealStage.CONTRACT, by=manager)
    with pytest.raises(DealRefused, match="причину отмены"):
        move_deal(deal, DealStage.CANCELLED, by=manager)
    with pytest.raises(DealRefused, match="причину отказа"):
        move_deal(deal, DealStage.CANCELLED, by=manager, comment="банк отказал в ипотеке")
    deal.refresh_from_db()
    assert (deal.stage, deal.cashback_status) == (DealStage.CONTRACT, CashbackStatus.ACCRUED)

    move_deal(deal, DealStage.CANCELLED, by=manager, comment="банк отказал в ипотеке", lost_reason=LostReason.PRICE)
    deal.refresh_from_db()
    deal.lead.refresh_from_db()
    assert (deal.stage, deal.cashback_status) == (DealStage.CANCELLED, CashbackStatus.CANCELLED)
    assert (deal.lead.stage, deal.lead.lost_reason) == (LeadStage.LOST, LostReason.PRICE)

    # The lead is reopened and gets a new deal: the cancelled one stays in the history.
    from leads.pipeline import move_to_stage

    move_to_stage(deal.lead, LeadStage.IN_WORK, by=manager)
    again = open_deal(deal.lead, by=manager, apartment=apartment, price=Decimal("9000000"))
    assert deal.lead.deals.count() == 2 and again.stage == DealStage.RESERVED


def test_refusals_to_open_a_deal_change_nothing(make_lead, manager, apartment, deal):
    new_lead = make_lead(manager=manager)
    with pytest.raises(DealRefused, match="из этапа «Новая» в «Сделка»"):
        open_deal(new_lead, by=manager, apartment=apartment)
    with pytest.raises(DealRefused, match="уже есть сделка"):
        open_deal(deal.lead, by=manager, apartment=apartment)
    lead = make_lead(manager=manager, stage=LeadStage.IN_WORK)
    with pytest.raises(DealRefused, match="квартиру или жилой комплекс"):
        open_deal(lead, by=manager)
    with pytest.raises(DealRefused, match="цену больше нуля"):
        open_deal(lead, by=manager, complex=apartment.complex)
    with pytest.raises(DealRefused, match="цену больше нуля"):
        open_deal(lead, by=manager, apartment=apartment, price=Decimal("-5"))
    lead.refresh_from_db()
    assert lead.stage == LeadStage.IN_WORK and not lead.deals.exists() and not lead.interactions.exists()


# -- payout documents ------------------------------------------------------------------------------------------------


def test_documents_are_checked_for_size_type_content_and_count(deal, manager, documents_root, settings):
    settings.LEADS_DOCUMENT_MAX_SIZE = 1024
    settings.LEADS_DOCUMENTS_PER_DEAL = 2
    refusals = [
        (SimpleUploadedFile("act.pdf", b""), "Файл пустой"),
        (SimpleUploadedFile("act.pdf", PDF + b"x" * 2000), "больше 1,0"),
        (SimpleUploadedFile("act.exe", b"MZ\x90\x00"), "Можно загрузить PDF, JPG, PNG или DOCX, а это «.exe»"),
        (SimpleUploadedFile("act.pdf", b"<html>not a pdf</html>"), "не похоже на PDF"),
    ]
    for upload, message in refusals:
        with pytest.raises(DealRefused, match=message):
            attach_document(deal, upload, title="Акт", by=manager)
    assert not deal.documents.exists()

    act = attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт о выплате", by=manager)
    attach_document(deal, SimpleUploadedFile("scan.png", PNG), title="", by=manager, visible_to_buyer=False)
    with pytest.raises(DealRefused, match="уже 2 документов"):
        attach_document(deal, SimpleUploadedFile("more.pdf", PDF), title="Ещё", by=manager)
    assert list(deal.documents.values_list("title", "content_type", "size")) == [
        ("Акт о выплате", "application/pdf", len(PDF)),
        ("scan", "image/png", len(PNG)),
    ]
    assert act.file.path.startswith(str(documents_root))
    with pytest.raises(ValueError, match="not accessible via a URL"):
        act.file.url  # noqa: B018 (no public address exists)
    assert list(deal.events.filter(what=DealEvent.What.DOCUMENT).values_list("to_value", flat=True)) == [
        "Акт о выплате",
        "scan",
    ]


def test_removing_a_document_deletes_the_file_after_commit(
    deal, manager, documents_root, django_capture_on_commit_callbacks
):
    document = attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт", by=manager)
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        remove_document(document, by=manager)
    assert not deal.documents.exists()
    import os

    assert not os.path.exists(path)
    assert deal.events.filter(what=DealEvent.What.DOCUMENT, from_value="Акт").exists()


# -- the buyer's cabinet ---------------------------------------------------------------------------------------------


def test_the_cabinet_lists_only_the_buyers_own_deals_and_documents_shown_to_them(
    client, deal, manager, buyer, documents_root, make_lead, apartment
):
    shown = attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт о выплате", by=manager)
    hidden = attach_document(
        deal, SimpleUploadedFile("inner.pdf", PDF), title="Внутренняя записка", by=manager, visible_to_buyer=False
    )
    stranger = get_user_model().objects.create_user(email="other@example.com", password="pw")
    other_lead = make_lead(manager=manager, stage=LeadStage.IN_WORK, user=stranger, name="Пётр")
    open_deal(other_lead, by=manager, complex=apartment.complex, price=Decimal("4321000"))

    client.force_login(buyer)
    response = client.get(reverse("cabinet:cashback"))
    text = response.content.decode()
    assert response.status_code == 200
    assert deal.object_title in text and "Начислен" in text
    assert f"{deal.cashback_amount:,.2f}".replace(",", "\xa0").replace(".", ",") in text
    assert "Акт о выплате" in text and "Внутренняя записка" not in text
    assert apartment.complex.title not in text.replace(deal.object_title, "")

    assert client.get(reverse("leads:deal_document", args=[shown.pk])).getvalue() == PDF
    assert client.get(reverse("leads:deal_document", args=[hidden.pk])).status_code == 404

    client.force_login(stranger)
    text = client.get(reverse("cabinet:cashback")).content.decode()
    assert deal.object_title not in text and "Акт о выплате" not in text
    assert client.get(reverse("leads:deal_document", args=[shown.pk])).status_code == 404

    client.force_login(manager)  # staff who work the deal download everything
    assert client.get(reverse("leads:deal_document", args=[hidden.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("cabinet:cashback")).status_code == 302


def test_staff_download_a_payout_document_only_after_setting_up_their_authenticator(
    client, settings, deal, manager, buyer, documents_root
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    document = attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт о выплате", by=manager)
    url = reverse("leads:deal_document", args=[document.pk])
    client.force_login(manager)
    assert client.get(url).url == reverse("mfa_activate_totp")  # the password alone is not enough
    client.force_login(buyer)
    assert client.get(url).getvalue() == PDF  # the buyer is not staff


def test_the_cabinet_query_count_does_not_grow_with_deals(
    client, manager, buyer, apartment, make_lead, documents_root, django_assert_num_queries
):
    def add_deals(n):
        for _ in range(n):
            lead = make_lead(manager=manager, stage=LeadStage.IN_WORK, user=buyer)
            deal = open_deal(lead, by=manager, complex=apartment.complex, price=Decimal("5000000"))
            attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт", by=manager)

    client.force_login(buyer)
    add_deals(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("cabinet:cashback"))  # warms the per-site caches (settings, menus)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cabinet:cashback"))
    add_deals(4)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("cabinet:cashback"))
    assert response.content.decode().count('class="deal-item"') == 5


# -- the admin: scopes per role and the deal page's actions ----------------------------------------------------------


def deal_url(deal):
    return reverse("wagtailsnippets_leads_deal:inspect", args=[deal.pk])


def action(client, deal, **data):
    return client.post(reverse("leads_deals:action", args=[deal.pk]), data, follow=True)


def page_messages(response):
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def others(make_manager):
    car_site = SiteFactory()
    return {
        "colleague": make_manager("m2@example.com"),
        "head": make_manager("head@example.com", head=True),
        "car_head": make_manager("carhead@example.com", head=True, sites=[car_site]),
        "root": get_user_model().objects.create_superuser(email="root@example.com", password="pw"),
        "editor": staff(roles.EDITOR),
    }


def test_each_role_sees_the_deals_it_should(client, deal, manager, others):
    listing = reverse("wagtailsnippets_leads_deal:list")
    for who, sees in [
        (manager, True),
        (others["colleague"], False),
        (others["head"], True),
        (others["car_head"], False),
        (others["root"], True),
    ]:
        client.force_login(who)
        response = client.get(listing)
        assert response.status_code == 200
        assert (deal.object_title in response.content.decode()) is sees, who
        assert client.get(deal_url(deal)).status_code == (200 if sees else 404), who
        response = action(client, deal, action="stage", stage="contract")
        assert response.status_code == (200 if sees else 404), who
    client.force_login(others["editor"])
    assert client.get(listing).status_code == 302  # the admin sends them home: no deals for editors
    deal.refresh_from_db()
    assert deal.stage == DealStage.CONTRACT  # moved once by each who may, refused for the rest
    assert deal.events.filter(what=DealEvent.What.STAGE).count() == 1


def test_the_deal_page_moves_stages_and_refuses_with_a_message(client, deal, manager, documents_root):
    client.force_login(manager)
    page = client.get(deal_url(deal)).content.decode()
    assert "Перевести: «Договор подписан»" in page and "История сделки" in page

    response = action(client, deal, action="stage", stage="closed")
    assert page_messages(response) == ["Нельзя перевести сделку из этапа «Бронь» в «Закрыта»."]
    response = action(client, deal, action="price", price="-1")
    assert page_messages(response) == ["Укажите цену числом больше нуля."]
    response = action(client, deal, action="price", price="6500000", comment="скидка")
    assert page_messages(response) == ["Цена изменена, кэшбек пересчитан."]
    deal.refresh_from_db()
    assert (deal.price, deal.cashback_amount) == (Decimal("6500000"), Decimal("65000.00"))

    response = action(client, deal, action="upload", title="Реквизиты", file=SimpleUploadedFile("r.txt", b"hello"))
    assert page_messages(response) == ["Можно загрузить PDF, JPG, PNG или DOCX, а это «.txt»."]
    response = action(client, deal, action="upload", title="Реквизиты", file=SimpleUploadedFile("r.pdf", PDF))
    assert page_messages(response) == ["Документ загружен."]
    assert "Реквизиты" in response.content.decode()


def test_only_the_head_of_sales_pays_cashback(client, deal, manager, others):
    from leads.cashback import set_cashback_status

    for stage in (DealStage.CONTRACT, DealStage.PAYMENT, DealStage.REGISTRATION, DealStage.CLOSED):
        move_deal(deal, stage, by=manager)
    client.force_login(manager)
    response = action(client, deal, action="cashback", status="ready")
    assert page_messages(response) == ["Кэшбек: «Готов к выплате»."]
    response = client.post(reverse("leads_deals:action", args=[deal.pk]), {"action": "cashback", "status": "paid"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")  # refused
    deal.refresh_from_db()
    assert deal.cashback_status == CashbackStatus.READY

    client.force_login(others["head"])
    response = action(client, deal, action="cashback", status="paid")
    assert page_messages(response)[-1] == "Кэшбек: «Выплачен»."
    deal.refresh_from_db()
    assert deal.cashback_status == CashbackStatus.PAID
    assert set_cashback_status  # the same service the page calls


def test_opening_a_deal_in_the_admin(client, make_lead, manager, apartment, others):
    lead = make_lead(manager=manager, stage=LeadStage.IN_WORK, listing=apartment, name="Олег")
    strangers_lead = make_lead(manager=others["colleague"], stage=LeadStage.IN_WORK)
    client.force_login(manager)
    form_page = client.get(reverse("leads_deals:open") + f"?lead={lead.pk}")
    assert form_page.status_code == 200
    assert form_page.context["form"].initial == {"lead": lead, "apartment": apartment.pk}

    response = client.post(reverse("leads_deals:open"), {"lead": strangers_lead.pk, "apartment": apartment.pk})
    assert response.status_code == 400  # not in the manager's choices
    assert not strangers_lead.deals.exists()
    response = client.post(reverse("leads_deals:open"), {"lead": lead.pk})
    assert response.status_code == 400
    assert "Укажите квартиру или жилой комплекс." in response.content.decode()

    response = client.post(reverse("leads_deals:open"), {"lead": lead.pk, "apartment": apartment.pk})
    deal = lead.deals.get()
    assert response.url == deal_url(deal)
    assert deal.price == apartment.price


def test_cashback_rules_are_edited_by_heads_for_their_sites_and_saving_recalculates(
    client, deal, manager, others, make_rule
):
    from leads.models import CashbackRule

    car_rule = make_rule(4, site=others["car_head"].manager_profile.sites.get(), name="Авто")
    rules = reverse("wagtailsnippets_leads_cashbackrule:list")
    add = reverse("wagtailsnippets_leads_cashbackrule:add")

    client.force_login(manager)
    text = client.get(rules).content.decode()
    assert "1 %" in text and "Авто" not in text
    assert client.get(add).status_code == 302  # managers read, never write

    client.force_login(others["head"])
    form = {
        "site": deal.lead.site_id,
        "name": "Акция застройщика",
        "developer": deal.developer_id,
        "percent": "2.5",
        "cap": "",
        "valid_from": "",
        "valid_until": "",
        "is_active": "on",
    }
    response = client.post(add, {**form, "site": car_rule.site_id})
    assert response.status_code == 200 and not CashbackRule.objects.filter(name="Акция застройщика").exists()
    response = client.post(add, {**form, "percent": "0"})
    assert "Процент должен быть больше 0" in response.content.decode()
    response = client.post(add, form, follow=True)
    assert CashbackRule.objects.filter(name="Акция застройщика").exists()
    assert "Кэшбек пересчитан в открытых сделках: 1." in page_messages(response)
    deal.refresh_from_db()
    assert deal.cashback_amount == (deal.price * Decimal("0.025")).quantize(Decimal("0.01"))
    edit_other = reverse("wagtailsnippets_leads_cashbackrule:edit", args=[car_rule.pk])
    assert client.get(edit_other).status_code == 404
    delete_other = reverse("wagtailsnippets_leads_cashbackrule:delete", args=[car_rule.pk])
    assert client.post(delete_other).status_code == 404
    assert CashbackRule.objects.filter(pk=car_rule.pk).exists()


def test_deal_list_deal_page_and_cashback_report_do_not_grow_queries_with_rows(
    client, make_lead, manager, apartment, make_rule, documents_root
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_rule(1)

    def add_deals(n):
        for index in range(n):
            lead = make_lead(manager=manager, stage=LeadStage.IN_WORK, name=f"Клиент {index}")
            deal = open_deal(lead, by=manager, apartment=apartment)
            move_deal(deal, DealStage.CONTRACT, by=manager, comment="подписан")
            attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт", by=manager)
        return deal

    def measure(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(manager)
    first = add_deals(1)
    urls = [
        reverse("wagtailsnippets_leads_deal:list"),
        deal_url(first),
        reverse("leads_reports:cashback"),
    ]
    small = [measure(url) for url in urls]
    add_deals(6)
    for _ in range(3):  # a longer history and more documents on the first deal
        change_price(first, first.price + 1000, by=manager)
        attach_document(first, SimpleUploadedFile("more.pdf", PDF), title="Ещё акт", by=manager)
    assert [measure(url) for url in urls] == small


def test_the_buyers_data_export_lists_their_deals(deal, buyer, manager, documents_root):
    from accounts.cabinet.personal_data import export_personal_data

    attach_document(deal, SimpleUploadedFile("act.pdf", PDF), title="Акт о выплате", by=manager)
    attach_document(deal, SimpleUploadedFile("n.pdf", PDF), title="Записка", by=manager, visible_to_buyer=False)
    exported = export_personal_data(buyer)["deals"]
    deal.refresh_from_db()
    assert exported == [
        {
            "object": deal.object_title,
            "price": str(deal.price),
            "currency": "RUB",
            "stage": "reserved",
            "opened_on": "2026-05-01",
            "cashback": str(deal.cashback_amount),
            "cashback_status": "accrued",
            "documents": ["Акт о выплате"],
        }
    ]


def test_a_lead_with_an_open_deal_leaves_the_deal_stage_only_with_the_deal(deal, manager):
    with pytest.raises(StageChangeRefused, match="открыта сделка"):
        move_to_stage(deal.lead, LeadStage.LOST, by=manager, lost_reason=LostReason.PRICE)
    deal.lead.refresh_from_db()
    assert deal.lead.stage == LeadStage.DEAL
