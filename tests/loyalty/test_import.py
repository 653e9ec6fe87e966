"""Importing a partner's purchases from CSV/XLSX: a summary of what was created, matched, left waiting, skipped
and refused (with row numbers); a rerun changes nothing; oversized files are refused."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from loyalty.models import ImportJob, Purchase
from tests.accounts.factories import staff
from tests.loyalty.factories import PartnerFactory

pytestmark = pytest.mark.django_db
URL = reverse("loyalty_import")

MIXED = (
    "external_id;date;amount;phone;category\n"
    "A-1;2027-03-01;1000;+7 916 000-00-00;\n"  # the member (MemberFactory's first phone is +79160000000..)
    "A-2;05.03.2027;2 500,50;+7 903 111-22-33;gastromarket\n"  # nobody yet: waits
    "A-1;2027-03-02;999;+79031112233;\n"  # the same document again in the file: skipped
    ";2027-03-02;100;+79031112233;\n"  # no document number
    "A-4;2027-13-40;100;+79031112233;\n"  # bad date
    "A-5;2027-03-02;-5;+79031112233;\n"  # bad amount
    "A-6;2027-03-02;100;12;\n"  # bad phone
    "A-7;2027-03-02;100;+79031112233;nosuch\n"  # unknown category
    "A-8;2028-01-01;100;+79031112233;\n"  # in the future
)


@pytest.fixture
def owner(partner):
    return staff(roles.BUSINESS_OWNER, business=partner)


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a file; the import task (eager in tests) runs when the request's transaction commits."""

    def post(partner, name, content):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"partner": partner.pk, "file": SimpleUploadedFile(name, content)})

    return post


def test_a_mixed_file_gives_a_summary_and_a_rerun_changes_nothing(client, upload, owner, partner, member):
    member.phone = "+79160000000"
    member.save()
    client.force_login(owner)
    assert client.get(URL).status_code == 200
    response = upload(partner, "march.csv", MIXED.encode())
    job = ImportJob.objects.get(partner=partner)
    assert response.url == reverse("loyalty_import_job", args=[job.pk])
    summary = (job.status, job.total_rows, job.created, job.matched, job.waiting, job.skipped, job.refused)
    assert summary == ("done", 9, 2, 1, 1, 1, 6)
    assert [error["row"] for error in job.errors] == [5, 6, 7, 8, 9, 10]
    assert "дата" in job.errors[1]["reason"] and "категория" in job.errors[4]["reason"]
    assert job.content == b""  # the phones are not kept
    page = client.get(response.url)
    assert page.status_code == 200 and "nosuch" in page.content.decode()
    assert client.get(reverse("loyalty_import_status", args=[job.pk])).json()["percent"] == 100
    member.refresh_from_db()
    assert member.points_pending == Decimal("50.00")
    waiting = Purchase.objects.get(partner=partner, external_id="A-2")
    assert (waiting.member, waiting.amount, waiting.category.slug) == (None, Decimal("2500.50"), "gastromarket")

    upload(partner, "march.csv", MIXED.encode())
    again = ImportJob.objects.filter(partner=partner).first()
    assert (again.created, again.skipped, again.refused) == (0, 3, 6)
    assert Purchase.objects.filter(partner=partner).count() == 2
    member.refresh_from_db()
    assert member.points_pending == Decimal("50.00")


def test_an_xlsx_file(client, upload, owner, partner):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["external_id", "date", "amount", "phone", "category"])
    sheet.append(["X-1", "2027-03-01", 1500, "+79031112233", None])
    sheet.append([2, "2027-03-02", "700.5", "89031112244", "kosmetologiya"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(owner)
    upload(partner, "march.xlsx", buffer.getvalue())
    job = ImportJob.objects.get(partner=partner)
    assert (job.status, job.created, job.waiting, job.refused) == ("done", 2, 2, 0)
    assert set(Purchase.objects.filter(partner=partner).values_list("external_id", "phone")) == {
        ("X-1", "+79031112233"),
        ("2", "+79031112244"),
    }


def test_oversized_foreign_and_headerless_files_are_refused(client, upload, owner, partner, settings):
    settings.CLUB_IMPORT_MAX_BYTES = 200
    client.force_login(owner)
    response = upload(partner, "big.csv", MIXED.encode() * 3)
    assert "Файл больше" in str(response.context["form"].errors)
    settings.CLUB_IMPORT_MAX_BYTES = 10_000
    settings.CLUB_IMPORT_MAX_ROWS = 5
    response = upload(partner, "long.csv", MIXED.encode())
    assert "больше 5 строк" in str(response.context["form"].errors)
    response = upload(partner, "photo.jpg", b"\xff\xd8")
    assert "CSV или XLSX" in str(response.context["form"].errors)
    response = upload(partner, "bad.xlsx", b"not a zip")
    assert "Не удалось прочитать" in str(response.context["form"].errors)
    response = upload(partner, "nohead.csv", b"id,sum\n1,2\n")
    assert "нет столбцов" in str(response.context["form"].errors)
    assert not ImportJob.objects.filter(partner=partner).exists()


def test_only_the_partners_owner_or_the_superuser_import_and_see_jobs(client, upload, owner, partner):
    client.force_login(owner)
    upload(partner, "march.csv", MIXED.encode())
    job = ImportJob.objects.get(partner=partner)
    stranger = staff(roles.BUSINESS_OWNER, business=PartnerFactory())
    client.force_login(stranger)
    response = upload(partner, "march.csv", MIXED.encode())
    assert "partner" in response.context["form"].errors
    assert client.get(reverse("loyalty_import_job", args=[job.pk])).status_code == 404
    client.force_login(staff(roles.EDITOR))
    assert client.get(URL).url == "/admin/"  # Wagtail sends the refused back to the dashboard
