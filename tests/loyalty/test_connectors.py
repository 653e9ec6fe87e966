"""Connectors to partners' systems: each adapter against a fake of its service (tests/fakes/partners.py), through
the one sync path (loyalty/connectors.py) into loyalty.services.record_purchase."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import roles
from loyalty import connectors, services, tasks
from loyalty.models import Connector, ConnectorRun, Purchase
from tests.accounts.factories import UserFactory, staff
from tests.fakes import partners as fakes
from tests.fakes.partners import (
    FakeAmoCrm,
    FakeBitrix24,
    FakeCsvFile,
    FakeIiko,
    FakeOneC,
    FakeRenovatio,
    FakeYclients,
    amo_contact,
    amo_lead,
    bitrix_contact,
    bitrix_deal,
    iiko_order,
    onec_check,
    renovatio_invoice,
    renovatio_patient,
    yclients_record,
)
from tests.loyalty.factories import START, PartnerFactory, connector, medical_partner, superuser

pytestmark = pytest.mark.django_db

STRANGER = "+79160000099"
BEFORE = "2027-03-05T10:00:00+03:00"  # changed before the clock's START
Kind = Connector.Kind


@pytest.fixture(autouse=True)
def slept():
    fakes.SLEPT.clear()
    return fakes.SLEPT


def counts(run):
    fields = ("fetched", "created", "matched", "waiting", "skipped", "failed")
    return {field: getattr(run, field) for field in fields}


def yclients_rows(member):
    return [
        yclients_record(1, member.phone, 1500, changed=BEFORE),
        yclients_record(2, STRANGER, 2000, changed=BEFORE),
        yclients_record(3, member.phone, 900, changed=BEFORE, came=False),  # a no-show: not a purchase
        yclients_record(4, "12", 500, changed=BEFORE),  # a bad row: reported, the rest goes on
        yclients_record(5, member.phone, 700, changed=BEFORE),
    ]


def test_yclients_pages_records_and_reports_bad_rows(partner, member):
    with FakeYclients(yclients_rows(member)) as service:
        row = connector(partner, service)
        run = connectors.sync(row)
    assert counts(run) == {"fetched": 4, "created": 3, "matched": 2, "waiting": 1, "skipped": 1, "failed": 1}
    assert run.failed_rows == [{"external_id": "4", "reason": "no valid phone"}]
    assert [request.query["page"] for request in service.requests] == ["1", "2", "3"]
    auth = "Bearer partner-token, User user-token"
    assert all(request.headers["Authorization"] == auth for request in service.requests)
    assert row.state == Connector.State.OK and row.last_sync_at == START and row.last_error == ""
    assert datetime.fromisoformat(row.cursor["since"]) == START
    purchase = Purchase.objects.get(partner=partner, external_id="1")
    assert (purchase.member, purchase.amount, purchase.source, purchase.description) == (
        member,
        Decimal("1500.00"),
        Purchase.Source.CONNECTOR,
        "Маникюр",
    )
    assert member.ledger.exists()


def test_a_rerun_creates_nothing_new(partner, member):
    with FakeYclients(yclients_rows(member)) as service:
        row = connector(partner, service)
        connectors.sync(row)
        Connector.objects.filter(pk=row.pk).update(cursor=None)  # read everything again
        row.refresh_from_db()
        again = connectors.sync(row)
    assert counts(again) == {"fetched": 4, "created": 0, "matched": 0, "waiting": 0, "skipped": 4, "failed": 1}
    assert Purchase.objects.filter(partner=partner).count() == 3


def test_incremental_sync_resumes_from_the_cursor(partner, member, clock):
    with FakeYclients([yclients_record(1, member.phone, 1000, changed=BEFORE)]) as service:
        row = connector(partner, service)
        connectors.sync(row)
        clock.shift(timedelta(hours=1))
        service.rows.append(yclients_record(2, member.phone, 800, changed=(START + timedelta(minutes=5)).isoformat()))
        service.requests.clear()
        run = connectors.sync(row)
    assert counts(run)["created"] == 1 and counts(run)["fetched"] == 1
    assert datetime.fromisoformat(service.requests[0].query["changed_after"]) == START


def test_a_failure_mid_sync_keeps_the_committed_pages_and_resumes(partner, member):
    with FakeYclients(yclients_rows(member), fail_times=10, fail_after=1) as service:
        row = connector(partner, service)
        failed = connectors.sync(row)
        assert row.state == Connector.State.ERROR and "Unavailable" in row.last_error and failed.error
        assert Purchase.objects.filter(partner=partner).count() == 2  # the first page, committed
        assert row.cursor["page"] == 2
        assert fakes.SLEPT == [1, 2, 4]  # backoff between the tries, never a real sleep
        service.failures_left = 0
        service.requests.clear()
        run = connectors.sync(row)
    assert service.requests[0].query["page"] == "2"
    assert run.created == 1 and row.state == Connector.State.OK
    assert Purchase.objects.filter(partner=partner).count() == 3


def test_a_rate_limit_is_waited_out_and_a_5xx_retried(partner, member, slept):
    with FakeYclients(yclients_rows(member), rate_limit_once=True, fail_times=1) as service:
        run = connectors.sync(connector(partner, service))
    assert slept == [7.0, 1]  # Retry-After, then the first backoff
    assert run.created == 3 and not run.error


def test_refused_credentials_stop_the_run_with_the_error(partner):
    with FakeYclients([]) as service:
        row = connector(partner, service, credentials={"partner_token": "wrong", "user_token": "x"})
        run = connectors.sync(row)
    assert "AuthError" in run.error and row.state == Connector.State.ERROR and row.cursor is None
    assert row.credentials_encrypted and "wrong" not in row.credentials_encrypted  # stored encrypted


def test_a_waiting_purchase_is_credited_when_the_person_joins(partner):
    with FakeYclients([yclients_record(1, STRANGER, 3000, changed=BEFORE)]) as service:
        run = connectors.sync(connector(partner, service))
    assert run.waiting == 1
    purchase = Purchase.objects.get(partner=partner, external_id="1")
    assert purchase.member is None and purchase.phone == STRANGER
    member = services.join(UserFactory(), "8 916 000 00 99", consent=True)
    purchase.refresh_from_db()
    member.refresh_from_db()
    assert purchase.member == member and member.points_pending > 0


def test_a_medical_partner_never_stores_the_service(clock):
    clinic = medical_partner()
    rows = [yclients_record(1, STRANGER, 5000, changed=BEFORE, title="Имплантация зуба"),
            yclients_record(2, STRANGER, 0, changed=BEFORE, title="Консультация")]  # fmt: skip
    with FakeYclients(rows) as service:
        run = connectors.sync(connector(clinic, service))
    purchase = Purchase.objects.get(partner=clinic)
    assert (purchase.amount, purchase.description, purchase.category) == (Decimal(5000), "", clinic.category)
    assert run.failed_rows == [{"external_id": "2", "reason": "bad amount '0.0'"}]  # the id, never the service


def test_iiko_takes_a_token_and_pages_by_revision(partner, member, slept):
    orders = [
        iiko_order("a", member.phone, 1200, 1),
        iiko_order("b", STRANGER, 800, 2),
        iiko_order("c", member.phone, 500, 3, status="Cancelled"),
        iiko_order("d", member.phone, "n/a", 4),
    ]
    with FakeIiko(orders, rate_limit_once=True) as service:
        row = connector(partner, service, kind=Kind.IIKO)
        run = connectors.sync(row)
        assert counts(run) == {"fetched": 3, "created": 2, "matched": 1, "waiting": 1, "skipped": 1, "failed": 1}
        assert row.cursor == {"revision": 4, "synced_at": START.astimezone(UTC).isoformat()} and slept == [7.0]
        service.expire_tokens()
        service.rows.append(iiko_order("e", member.phone, 300, 5))
        service.requests.clear()
        again = connectors.sync(row)
    assert again.created == 1 and row.cursor["revision"] == 5
    assert service.requests[0].path == "/api/1/access_token"  # each sync takes a fresh token first
    purchase = Purchase.objects.get(partner=partner, external_id="a")
    assert purchase.purchased_at == datetime(2027, 3, 1, 12, tzinfo=START.tzinfo)  # the service's Moscow time


def test_iiko_refusing_a_stale_revision_reads_the_missed_days_by_date_and_resumes(partner, member, clock):
    orders = [
        iiko_order("a", member.phone, 1000, 1, closed="2027-03-09 10:00:00.000"),
        iiko_order("b", member.phone, 1100, 2, closed="2027-03-09 15:00:00.000"),
    ]
    with FakeIiko(orders) as service:
        row = connector(partner, service, kind=Kind.IIKO)
        connectors.sync(row)
        assert row.cursor == {"revision": 2, "synced_at": START.astimezone(UTC).isoformat()}
        clock.shift(timedelta(days=3))  # not synced for three days: iiko has forgotten revision 2
        service.rows += [
            iiko_order("c", member.phone, 1200, 3, closed="2027-03-11 18:00:00.000"),
            iiko_order("d", member.phone, 1300, 4, closed="2027-03-12 09:00:00.000", status="Cancelled"),
            iiko_order("e", member.phone, 1400, 5, closed="2027-03-12 20:00:00.000"),
        ]
        service.oldest_revision = 4
        service.requests.clear()
        run = connectors.sync(row)
    assert not run.error and run.created == 2 and run.failed == 0
    assert Purchase.objects.filter(partner=partner).count() == 5 - 1  # b read again: recorded once; d cancelled
    paths = [request.path.rsplit("/", 1)[1] for request in service.requests if request.path != "/api/1/access_token"]
    assert paths == ["by_revision", *["by_delivery_date_and_status"] * 4, "by_revision"]
    by_dates = [request.json for request in service.requests if request.path.endswith("by_delivery_date_and_status")]
    assert (by_dates[0]["deliveryDateFrom"], by_dates[-1]["deliveryDateTo"]) == (
        "2027-03-09 12:00:00.000",  # a day before the last sync, in the organisation's time
        "2027-03-13 12:00:00.000",
    )
    assert by_dates[0]["statuses"] == ["Closed"]
    assert [request.json["startRevision"] for request in service.requests if request.path.endswith("by_revision")] == [
        2,
        5,  # resumed from the maxRevision the read by dates gave
    ]
    assert row.cursor["revision"] == 5 and "rescan" not in row.cursor


def test_iiko_refusing_again_after_the_read_by_dates_stops_with_the_error(partner, member, clock):
    with FakeIiko([iiko_order("a", member.phone, 1000, 1, closed="2027-03-09 10:00:00.000")]) as service:
        row = connector(partner, service, kind=Kind.IIKO)
        service.oldest_revision = 100  # refuses every revision it has
        run = connectors.sync(row)
    assert "StaleRevision" in run.error and run.created == 1  # what the read by dates found is kept
    assert row.state == Connector.State.ERROR


def test_bitrix24_reads_won_deals_with_their_contacts_phones(partner, member, slept):
    deals = [
        bitrix_deal(11, 1, 4000, modified=BEFORE),
        bitrix_deal(12, 2, 2500, modified=BEFORE),
        bitrix_deal(13, 1, 999, modified=BEFORE, won=False),
        bitrix_deal(14, 3, 1000, modified=BEFORE),  # a contact with no phone
    ]
    contacts = [bitrix_contact(1, member.phone), bitrix_contact(2, STRANGER)]
    with FakeBitrix24(deals, contacts=contacts, rate_limit_once=True) as service:
        row = connector(partner, service, kind=Kind.BITRIX24)
        run = connectors.sync(row)
        bad = connector(
            PartnerFactory(), service, kind=Kind.BITRIX24, credentials={"user_id": "1", "webhook_code": "x"}
        )
        refused = connectors.sync(bad)
    assert counts(run) == {"fetched": 3, "created": 2, "matched": 1, "waiting": 1, "skipped": 0, "failed": 1}
    assert slept == [1.0]  # QUERY_LIMIT_EXCEEDED waited out
    starts = [request.json["start"] for request in service.requests if request.path.endswith("crm.deal.list.json")]
    assert starts == [0, 0, 2, 0]  # the first answered QUERY_LIMIT_EXCEEDED; the last is the refused webhook
    assert "AuthError" in refused.error


def test_bitrix24_blocked_for_overload_stops_without_retrying(partner, slept):
    with FakeBitrix24([]) as service:
        service.overloaded = True
        run = connectors.sync(connector(partner, service, kind=Kind.BITRIX24))
    assert "OVERLOAD_LIMIT" in run.error and "blocked" in run.error
    assert slept == [] and len(service.requests) == 1


def test_amocrm_reads_won_leads_page_by_page(partner, member):
    moment = int(START.timestamp()) - 3600
    leads = [amo_lead(1, 7, 3000, updated_at=moment), amo_lead(2, 8, 1000, updated_at=moment),
             amo_lead(3, 7, 500, updated_at=moment, won=False)]  # fmt: skip
    with FakeAmoCrm(leads, contacts=[amo_contact(7, member.phone), amo_contact(8, STRANGER)]) as service:
        row = connector(partner, service, kind=Kind.AMOCRM)
        run = connectors.sync(row)
        later = connectors.sync(row)  # nothing changed since: an empty page (204)
    assert counts(run) == {"fetched": 2, "created": 2, "matched": 1, "waiting": 1, "skipped": 1, "failed": 0}
    assert later.fetched == 0 and not later.error
    assert service.requests[0].headers["Authorization"] == "Bearer amo-access-token"


def test_amocrm_asks_for_every_contact_of_a_full_page_of_leads(partner):
    moment = int(START.timestamp()) - 3600
    leads = [amo_lead(n, 100 + n, 1000 + n, updated_at=moment) for n in range(1, 61)]
    contacts = [amo_contact(100 + n, f"+7916000{n:04d}") for n in range(1, 61)]
    with FakeAmoCrm(leads, contacts=contacts) as service:
        run = connectors.sync(connector(partner, service, kind=Kind.AMOCRM, page_size=250))
    assert (run.fetched, run.waiting, run.failed) == (60, 60, 0)  # not only the 50 a page of contacts holds
    asked = [request.query for request in service.requests if request.path == "/api/v4/contacts"]
    assert [query["limit"] for query in asked] == ["250"]


def test_1c_follows_a_next_link_and_reports_its_errors_in_words(partner, member):
    checks = [onec_check(f"k{n}", member.phone, 100 * n) for n in range(1, 4)]
    with FakeOneC(checks, server_page=1) as service:
        run = connectors.sync(connector(partner, service, kind=Kind.ONEC, page_size=100))
        wrong = connectors.sync(connector(PartnerFactory(), service, kind=Kind.ONEC, document="Document_Чек"))
    assert run.created == 3 and not run.error
    assert [request.query["$skip"] for request in service.requests][:3] == ["0", "1", "2"]
    assert "Не найден объект метаданных (code 14)" in wrong.error and "404" in wrong.error


def test_a_csv_file_goes_the_same_way(partner, member):
    text = (
        "\ufeffexternal_id;date;amount;phone;category;description\n"
        f"r1;01.03.2027 12:00;1 500,50;{member.phone};gastromarket;Сыр\n"
        f"r2;2027-03-02T10:00:00+03:00;200;{STRANGER};;\n"
        "r3;вчера;100;+79160000001;;\n"
    )
    with FakeCsvFile(text) as service:
        run = connectors.sync(connector(partner, service, kind=Kind.CSV))
    assert counts(run) == {"fetched": 3, "created": 2, "matched": 1, "waiting": 1, "skipped": 0, "failed": 1}
    purchase = Purchase.objects.get(partner=partner, external_id="r1")
    assert purchase.amount == Decimal("1500.50") and purchase.category.slug == "gastromarket"


def test_the_beat_syncs_every_enabled_connector(partner, member):
    assert settings.CELERY_BEAT_SCHEDULE["club-sync-connectors"]["task"] == "loyalty.tasks.sync_connectors"
    with FakeYclients(yclients_rows(member)) as service:
        on = connector(partner, service)
        off = connector(PartnerFactory(), service)
        Connector.objects.filter(pk=off.pk).update(enabled=False)
        # An eager result; see tests/loyalty/test_tasks.py for why blocking get() needs disable_sync_subtasks.
        assert tasks.sync_connectors.delay().get(disable_sync_subtasks=False) == 1
    assert ConnectorRun.objects.filter(connector=on).count() == 1
    assert not ConnectorRun.objects.filter(connector=off).exists()


# -- the admin ---------------------------------------------------------------------------------------------------------


def sync_url(row):
    return reverse("loyalty_connector_sync", args=[row.pk])


def test_sync_now_is_a_post_for_the_superuser_and_the_partners_owner(client, partner, member):
    with FakeYclients(yclients_rows(member)) as service:
        row = connector(partner, service)
        client.force_login(superuser())
        page = client.get(sync_url(row))
        assert page.status_code == 200 and not ConnectorRun.objects.exists()  # a GET only shows the button
        assert client.post(sync_url(row)).status_code == 302
        assert ConnectorRun.objects.filter(connector=row).count() == 1
        client.force_login(staff(roles.BUSINESS_OWNER, business=partner))
        assert client.post(sync_url(row)).status_code == 302
        assert ConnectorRun.objects.filter(connector=row).count() == 2


@pytest.mark.parametrize("who", ["other_owner", "editor", "anonymous"])
def test_sync_now_is_refused_to_everyone_else(client, partner, who):
    row = connector(partner)
    if who == "other_owner":
        client.force_login(staff(roles.BUSINESS_OWNER, business=PartnerFactory()))
    elif who == "editor":
        client.force_login(staff(roles.EDITOR))
    response = client.post(sync_url(row))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert not ConnectorRun.objects.exists()


def test_the_owner_sees_only_their_connectors_and_runs(partner):
    own, other = connector(partner), connector(PartnerFactory())
    ConnectorRun.objects.create(connector=other, started_at=START)
    owner = staff(roles.BUSINESS_OWNER, business=partner)
    for model, expected in ((Connector, {own}), (ConnectorRun, set())):
        policy = model.snippet_viewset.permission_policy
        assert set(policy.instances_user_has_permission_for(owner, "view")) == expected
    assert not Connector.snippet_viewset.permission_policy.user_has_permission(owner, "change")


def test_new_credentials_are_stored_encrypted_and_never_shown(client, partner):
    row = connector(partner)
    client.force_login(superuser())
    url = reverse(Connector.snippet_viewset.get_url_name("edit"), args=[row.pk])
    form = client.get(url)
    assert "partner-token" not in form.content.decode()
    data = {"partner": partner.pk, "kind": "yclients", "base_url": "https://api.yclients.com/api/v1",
            "settings": '{"company_id": "1"}', "enabled": "on", "new_credentials": "not json"}  # fmt: skip
    assert client.post(url, data).status_code == 200  # the error shown, nothing saved
    row.refresh_from_db()
    assert row.credentials["partner_token"] == "partner-token"
    client.post(url, {**data, "new_credentials": '{"partner_token": "p2", "user_token": "u2"}'})
    row.refresh_from_db()
    assert row.credentials == {"partner_token": "p2", "user_token": "u2"} and "p2" not in row.credentials_encrypted


def test_1c_odata_pages_posted_checks_in_the_infobases_time(partner, member):
    checks = [onec_check("k1", member.phone, 1000), onec_check("k2", STRANGER, 500),
              onec_check("k3", member.phone, 900, posted=False), onec_check("k4", member.phone, -5)]  # fmt: skip
    with FakeOneC(checks) as service:
        run = connectors.sync(connector(partner, service, kind=Kind.ONEC))
    assert counts(run) == {"fetched": 3, "created": 2, "matched": 1, "waiting": 1, "skipped": 0, "failed": 1}
    assert [request.query["$skip"] for request in service.requests] == ["0", "2"]
    purchase = Purchase.objects.get(partner=partner, external_id="k1")
    assert purchase.purchased_at == datetime(2027, 3, 1, 12, tzinfo=START.tzinfo)  # the service's Moscow time


def test_renovatio_reads_paid_invoices_day_by_day_and_sends_nothing_medical(member, slept):
    partner = medical_partner()
    invoices = [
        renovatio_invoice(11, 1, "4500.00", date="06.03.2027 10:30"),
        renovatio_invoice(12, 2, 1200, date="08.03.2027 16:00"),
        renovatio_invoice(13, 1, 800, date="08.03.2027 17:00", status=1),  # not paid: not a purchase
        renovatio_invoice(14, 3, 0, date="09.03.2027 09:00"),  # a bad row: reported
    ]
    patients = [
        renovatio_patient(1, member.phone),
        renovatio_patient(2, STRANGER),
        renovatio_patient(3, "+79160000003"),
    ]
    with FakeRenovatio(invoices, patients=patients, rate_limit_once=True) as service:
        row = connector(partner, service, kind=Kind.RENOVATIO, since="2027-03-06", window_days=2)
        run = connectors.sync(row)
        service.rows.append(renovatio_invoice(15, 1, 300, date="10.03.2027 11:00"))
        again = connectors.sync(row)
    assert counts(run) == {"fetched": 3, "created": 2, "matched": 1, "waiting": 1, "skipped": 0, "failed": 1}
    assert run.failed_rows == [{"external_id": "14", "reason": "bad amount '0'"}]
    assert slept == [7.0]  # the 429 waited out
    windows = [(r.form["date_from"], r.form["date_to"]) for r in service.requests if r.path == "/getInvoices"]
    assert windows[:4] == [("06.03.2027", "07.03.2027")] * 2 + [
        ("08.03.2027", "09.03.2027"),
        ("10.03.2027", "10.03.2027"),
    ]
    assert windows[4:] == [("10.03.2027", "10.03.2027")]  # the next sync reads today again
    assert all(r.form["api_key"] == FakeRenovatio.API_KEY and r.method == "POST" for r in service.requests)
    assert {r.form.get("status") for r in service.requests if r.path == "/getInvoices"} == {"2"}
    assert (again.created, row.cursor) == (1, {"date": "2027-03-10"})
    purchase = Purchase.objects.get(partner=partner, external_id="11")
    assert (purchase.member, purchase.amount, purchase.description) == (member, Decimal(4500), "")
    assert purchase.purchased_at == datetime(2027, 3, 6, 10, 30, tzinfo=START.tzinfo)
    assert purchase.category == partner.category
    assert "онколог" not in str(list(Purchase.objects.values())) + str(run.failed_rows)


def test_renovatio_reports_a_refused_key(partner):
    with FakeRenovatio([]) as service:
        row = connector(partner, service, kind=Kind.RENOVATIO, credentials={"api_key": "wrong"})
        run = connectors.sync(row)
    assert "AuthError" in run.error and "api_key" in run.error
    assert row.state == Connector.State.ERROR and row.cursor is None
