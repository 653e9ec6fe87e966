"""Car ads import/export (issue 15, item 1): dry run row by row, idempotent import through Wagtail's page API,
reference values by known spellings, photos by URL (a local fake server) or from a ZIP, Celery with progress for
big files, export of the filtered admin list, bulk status changes, scoping by page permissions."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.access import grant_pages
from catalog.car_import import ReferenceBook
from catalog.models import CarAdPage, CarImportJob, CarMake
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.fakes.http import FakeService
from tests.home.factories import brand_home

pytestmark = pytest.mark.django_db
User = get_user_model()
HEADER = "external_id;vin;make;model;year;mileage;price;body_type;fuel;transmission;drive;city;payment_types;photos"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
    b"\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def catalog():
    home = brand_home("cars-import.localhost", "Автосалон")
    index = CarIndexPageFactory(parent=home, slug="cars")
    other = CarIndexPageFactory(parent=home, slug="other-cars")
    return index, other


@pytest.fixture
def admin_user():
    return User.objects.create_superuser(email="import-admin@example.com", password="pw")


def dealer_of(index):
    """A staff user who may add, edit and publish ads in `index` only (Wagtail page permissions)."""
    group = Group.objects.create(name=f"Дилер {index.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    grant_pages(group, [index], ["add", "change", "publish"])
    user = User.objects.create_user(email=f"dealer{index.pk}@example.com", password="pw", is_staff=True)
    user.groups.add(group)
    return user


def csv_file(*rows, name="cars.csv"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode(), content_type="text/csv")


def upload(client, index, file, photos=None, **extra):
    data = {"index": index.pk, "file": file}
    if photos is not None:
        data["photos"] = photos
    return client.post(reverse("catalog_cars:import"), data, **extra)


def last_job():
    return CarImportJob.objects.order_by("-pk").first()


def confirm(client, job):
    return client.post(reverse("catalog_cars:import_confirm", args=[job.pk]))


def by_row(job):
    return {row["row"]: row for row in job.report}


# -- names ---------------------------------------------------------------------------------------------------------


def test_reference_values_match_by_known_spellings():
    book = ReferenceBook()
    toyota = CarMake.objects.get(slug="toyota")
    assert {book.find("make", name) for name in ("Тойота", "TOYOTA", "toyota", " Toyota ")} == {toyota}
    assert book.find("make", "Хендай").slug == "hyundai"
    assert book.find("make", "VW").slug == "volkswagen"
    assert book.find("model", "Камри", toyota).slug == "camry"
    assert book.find("model", "land cruiser prado", toyota).slug == "land-cruiser-prado"
    assert book.find("body_type", "sedan").name == "Седан"
    assert book.find("transmission", "АКПП").name == "Автомат"
    assert book.find("city", "СПб").name == "Санкт-Петербург"
    with pytest.raises(ValueError, match="Тесла"):
        book.find("make", "Тесла")
    with pytest.raises(ValueError, match="не найдена у «Toyota»"):
        book.find("model", "Солярис", toyota)  # a Hyundai model under Toyota


# -- dry run and import --------------------------------------------------------------------------------------------


def test_dry_run_says_row_by_row_then_the_import_creates_published_ads(search_index, client, admin_user, catalog):
    index, _other = catalog
    known = CarAdPageFactory(parent=index, vin="XTA21099000000001", price=Decimal("1450000"))
    unchanged = CarAdPageFactory(parent=index, vin="XTA21099000000002", external_id="D-2")
    client.force_login(admin_user)
    rows = [
        "D-1;JTNB11HK103000001;Тойота;Камри;2021;35 000;3 200 000;седан;бензин;АКПП;передний;Москва;Наличные, Кредит;",
        f";{known.vin};Kia;Rio;2020;45000;1 390 000;Sedan;Petrol;AT;FWD;Moscow;;",  # the price is new
        row_like(unchanged),
        "D-4;XW8ZZZ61ZEG000004;Тесла;Model 3;2022;10000;4000000;седан;электро;автомат;задний;Москва;;",
        ";;Kia;Rio;2020;1000;1000000;седан;бензин;автомат;передний;Москва;;",
        "D-6;JTNB11HK103000001;Toyota;Camry;2021;0;3200000;седан;бензин;автомат;передний;Москва;;",
        "D-7;JTNB11HK1030000O7;Toyota;Camry;2031;0;-5;седан;бензин;автомат;передний;Москва;;",
    ]
    response = upload(client, index, csv_file(*rows))
    job = last_job()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    assert job.status == CarImportJob.Status.CHECKED
    assert (job.created, job.updated, job.unchanged, job.refused) == (1, 1, 1, 4)
    report = by_row(job)
    assert [report[line]["action"] for line in range(2, 9)] == [
        "new", "update", "skip", "refused", "refused", "refused", "refused"
    ]  # fmt: skip
    assert "Марка «Тесла» не найден(а) в справочнике" in report[5]["reason"]
    assert "Нет ни VIN, ни кода объявления" in report[6]["reason"]
    assert report[7]["reason"] == "Тот же автомобиль, что в строке 2."
    assert "I, O и Q" in report[8]["reason"] and "Цена" in report[8]["reason"]
    assert CarAdPage.objects.child_of(index).count() == 2  # the dry run changed nothing
    page = client.get(reverse("catalog_cars:import_job", args=[job.pk])).content.decode()
    assert "Загрузить 2 объявлени" in page and "отклонить" in page

    assert confirm(client, job).status_code == 302
    job.refresh_from_db()
    assert job.status == CarImportJob.Status.DONE and (job.created, job.updated, job.refused) == (1, 1, 4)
    assert job.content == b""
    new = CarAdPage.objects.get(vin="JTNB11HK103000001")
    assert new.live and new.get_parent().pk == index.pk and new.external_id == "D-1"
    assert (new.make.name, new.model.name, new.transmission.name, new.mileage) == ("Toyota", "Camry", "Автомат", 35000)
    assert new.condition == CarAdPage.Condition.USED
    assert sorted(new.payment_types.values_list("name", flat=True)) == ["Автокредит", "Наличные"]
    assert new.live_revision_id and new.live_revision.user_id == admin_user.pk
    assert set(PageLogEntry.objects.filter(page=new).values_list("action", flat=True)) >= {
        "wagtail.create", "wagtail.publish"
    }  # fmt: skip
    known.refresh_from_db()
    assert known.price == Decimal("1390000") and known.live
    assert [page.pk for page in CarAdPage.objects.child_of(index).search("Camry")] == [new.pk]  # indexed once, after

    # The same file again: nothing to create or change.
    upload(client, index, csv_file(*rows))
    again = last_job()
    assert (again.created, again.updated, again.unchanged, again.refused) == (0, 0, 3, 4)


def row_like(page):
    return (
        f"{page.external_id};{page.vin};{page.make.name};{page.model.name};{page.year};{page.mileage};{page.price};"
        f"{page.body_type.name};{page.fuel.name};{page.transmission.name};{page.drive.name};{page.city.name};;"
    )


def test_a_vin_of_another_catalog_and_an_ad_the_user_may_not_edit_are_refused(client, catalog):
    index, other = catalog
    elsewhere = CarAdPageFactory(parent=other, vin="XTA21099000000011")
    dealer = dealer_of(index)
    client.force_login(dealer)
    upload(client, index, csv_file(row_like(elsewhere)))
    job = last_job()
    assert job.refused == 1 and "уже есть в другом каталоге" in job.report[0]["reason"]


def test_the_file_itself_is_checked_before_anything_is_stored(client, admin_user, catalog):
    index, _other = catalog
    client.force_login(admin_user)
    response = upload(client, index, SimpleUploadedFile("cars.txt", b"hello"))
    assert "Загрузите файл CSV или XLSX." in response.content.decode()
    response = upload(client, index, SimpleUploadedFile("cars.csv", b"vin;make\nX;Kia"))
    assert "В файле нет столбцов: model, year" in response.content.decode()
    assert not CarImportJob.objects.exists()


# -- scope ---------------------------------------------------------------------------------------------------------


def test_a_dealer_imports_only_into_catalogs_they_may_add_to(client, catalog):
    index, other = catalog
    dealer = dealer_of(index)
    client.force_login(dealer)
    form = client.get(reverse("catalog_cars:import"))
    assert form.status_code == 200
    assert list(form.context["form"].fields["index"].queryset) == [index]
    response = upload(client, other, csv_file(row_like(CarAdPageFactory.build(vin="XTA21099000000021"))))
    assert response.status_code == 200 and not CarImportJob.objects.exists()

    stranger = User.objects.create_user(email="stranger@example.com", password="pw", is_staff=True)
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    assert client.get(reverse("catalog_cars:import")).status_code in (302, 403)


def test_jobs_are_seen_by_their_author_only(client, admin_user, catalog):
    index, _other = catalog
    job = CarImportJob.objects.create(index=index, created_by=admin_user, file_name="a.csv", content=b"x")
    client.force_login(dealer_of(index))
    assert client.get(reverse("catalog_cars:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("catalog_cars:import_confirm", args=[job.pk])).status_code == 404


# -- big files: Celery and the progress bar ------------------------------------------------------------------------


def test_a_big_file_runs_in_celery_and_the_page_polls_its_progress(
    client, admin_user, catalog, settings, django_capture_on_commit_callbacks
):
    index, _other = catalog
    settings.CAR_IMPORT_INLINE_ROWS = 1
    client.force_login(admin_user)
    rows = [f"C-{n};;Kia;Rio;2020;{1000 + n};1000000;седан;бензин;автомат;передний;Москва;;" for n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client, index, csv_file(*rows))
    job = last_job()
    assert job.status == CarImportJob.Status.CHECKING and len(callbacks) == 1
    page = client.get(reverse("catalog_cars:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "js/htmx.min.js" in page
    assert "<script>" not in page.split("</head>", 1)[-1].replace(" ", "")  # no inline script of ours
    progress_url = reverse("catalog_cars:import_progress", args=[job.pk])
    assert 'hx-trigger="every 1s"' in client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()

    callbacks[0]()  # the worker (eager Celery in tests)
    done = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    job.refresh_from_db()
    assert job.status == CarImportJob.Status.CHECKED and job.created == 3
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, job)
    job.refresh_from_db()
    assert job.status == CarImportJob.Status.DONE
    assert CarAdPage.objects.child_of(index).filter(external_id__startswith="C-").count() == 3


# -- photos --------------------------------------------------------------------------------------------------------


def photo_server(request):
    if request.path == "/car.png":
        return 200, PNG
    if request.path == "/page.html":
        return 200, b"<html>not a photo</html>"
    return 404, b"no"


def test_photos_by_url_come_through_the_adapter(client, admin_user, catalog, settings):
    index, _other = catalog
    settings.CAR_PHOTO_ALLOW_PRIVATE_HOSTS = True
    client.force_login(admin_user)
    with FakeService(photo_server) as server:
        car = "Kia;Rio;2020;1000;1000000;седан;бензин;автомат;передний;Москва;"
        rows = [
            f"P-1;;{car};{server.url}/car.png {server.url}/car.png",
            f"P-2;;{car};{server.url}/page.html",
            f"P-3;;{car};{server.url}/missing.jpg",
        ]
        upload(client, index, csv_file(*rows))
        job = last_job()
        assert job.created == 3  # the dry run fetches nothing
        confirm(client, job)
    job.refresh_from_db()
    assert (job.created, job.refused) == (1, 2)
    report = by_row(job)
    assert "не фото: принимаем JPEG, PNG и WebP" in report[3]["reason"]
    assert "Фото не скачалось (ответ 404)" in report[4]["reason"]
    ad = CarAdPage.objects.get(external_id="P-1")
    assert ad.gallery_images.count() == 2 and ad.main_image_id == ad.gallery_images.first().image_id
    assert not CarAdPage.objects.filter(external_id__in=["P-2", "P-3"]).exists()


def test_photos_from_the_local_network_are_refused_by_default(client, admin_user, catalog):
    index, _other = catalog
    client.force_login(admin_user)
    upload(
        client,
        index,
        csv_file("L-1;;Kia;Rio;2020;1000;1000000;седан;бензин;автомат;передний;Москва;;http://127.0.0.1:9/a.jpg"),
    )
    job = last_job()
    confirm(client, job)
    job.refresh_from_db()
    assert job.refused == 1 and "из внутренней сети" in job.report[0]["reason"]


def zip_of(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("photos.zip", buffer.getvalue(), content_type="application/zip")


def test_photos_from_a_zip_with_its_limits(client, admin_user, catalog, settings):
    index, _other = catalog
    client.force_login(admin_user)
    row = "Z-1;;Kia;Rio;2020;1000;1000000;седан;бензин;автомат;передний;Москва;;front.png back.png"
    upload(client, index, csv_file(row), photos=zip_of(**{"front.png": PNG, "back.png": b"text"}))
    job = last_job()
    confirm(client, job)
    job.refresh_from_db()
    assert job.refused == 1 and "back.png — не фото" in job.report[0]["reason"]

    upload(client, index, csv_file(row.replace(" back.png", "")), photos=zip_of(**{"front.png": PNG}))
    confirm(client, last_job())
    assert CarAdPage.objects.get(external_id="Z-1").gallery_images.count() == 1

    missing = upload(client, index, csv_file(row.replace("Z-1", "Z-2")), photos=zip_of(**{"front.png": PNG}))
    assert missing.status_code == 302
    assert "Фото «back.png» нет в архиве." in last_job().report[0]["reason"]

    count = CarImportJob.objects.count()
    not_photos = upload(client, index, csv_file(row), photos=zip_of(**{"notes.txt": b"x"}))
    assert "В архиве не только фото" in not_photos.content.decode()
    settings.CAR_IMPORT_ZIP_MAX_FILES = 1
    too_many = upload(client, index, csv_file(row), photos=zip_of(**{"a.png": PNG, "b.png": PNG}))
    assert "В архиве больше 1 файлов" in too_many.content.decode()
    assert CarImportJob.objects.count() == count


# -- the admin list: export and bulk status ------------------------------------------------------------------------


def test_export_of_the_filtered_list_loads_back_unchanged(client, catalog):
    index, other = catalog
    sold = CarAdPageFactory(parent=index, vin="XTA21099000000031", status="sold", external_id="E-1")
    CarAdPageFactory(parent=index, vin="XTA21099000000032")
    CarAdPageFactory(parent=other, vin="XTA21099000000033", status="sold")  # not the dealer's
    client.force_login(dealer_of(index))
    listing_url = reverse("car_ads:index")
    response = client.get(listing_url, {"status": "sold", "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("external_id", "vin", "title", "make") and len(rows) == 2
    assert rows[1][1] == sold.vin and rows[1][rows[0].index("status")] == "sold"

    csv_export = client.get(listing_url, {"status": "sold", "export": "csv"})
    assert sold.vin in csv_export.content.decode("utf-8-sig")

    upload(client, index, SimpleUploadedFile("cars.xlsx", response.content))
    job = last_job()
    assert (job.created, job.updated, job.unchanged, job.refused) == (0, 0, 1, 0), job.report


def test_bulk_status_change_is_logged_and_scoped(client, catalog):
    index, other = catalog
    mine = CarAdPageFactory(parent=index, vin="XTA21099000000041")
    theirs = CarAdPageFactory(parent=other, vin="XTA21099000000042")
    mine.save_revision().publish()
    theirs.save_revision().publish()
    dealer = dealer_of(index)
    client.force_login(dealer)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_status_sold"])
    confirmation = client.get(f"{url}?id={mine.pk}&id={theirs.pk}&next=/admin/")
    assert confirmation.status_code == 200
    assert [item["item"].pk for item in confirmation.context["items"]] == [mine.pk]
    assert "у вас нет прав на них" in confirmation.content.decode()
    response = client.post(f"{url}?id={mine.pk}&id={theirs.pk}&next=/admin/")
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("sold", "available")
    assert mine.live_revision.as_object().status == "sold"
    entry = PageLogEntry.objects.get(page=mine, action="catalog.car_status")
    assert entry.user_id == dealer.pk and entry.data == {"from": "available", "to": "sold"}

    hide = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_hide"])
    client.post(f"{hide}?id={mine.pk}&next=/admin/")
    mine.refresh_from_db()
    assert not mine.live


def test_the_listing_shows_only_the_ads_the_user_may_explore(client, catalog):
    index, other = catalog
    mine = CarAdPageFactory(parent=index, vin="XTA21099000000051")
    CarAdPageFactory(parent=other, vin="XTA21099000000052")
    client.force_login(dealer_of(index))
    response = client.get(reverse("car_ads:index"))
    assert response.status_code == 200
    assert [page.pk for page in response.context["object_list"]] == [mine.pk]
    assert reverse("catalog_cars:import") in response.content.decode()


def test_the_cars_menu_is_for_those_who_may_explore_a_car_catalog(catalog):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    index, _other = catalog
    reverse("car_ads:index")  # the URLconf registers the admin's viewsets and so their menu items

    def menu(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return {item.name for item in admin_menu.menu_items_for_request(request)}

    assert "car_ads" in menu(dealer_of(index))
    stranger = User.objects.create_user(email="no-pages@example.com", password="pw", is_staff=True)
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert "car_ads" not in menu(stranger)


def test_a_status_change_keeps_a_draft_in_progress(client, admin_user, catalog):
    index, _other = catalog
    ad = CarAdPageFactory(parent=index, vin="XTA21099000000061")
    ad.save_revision().publish()
    ad.title = "Черновик редактора"
    ad.save_revision()  # a draft, not published
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_status_reserved"])
    client.post(f"{url}?id={ad.pk}&next=/admin/")
    ad.refresh_from_db()
    assert ad.status == "reserved" and ad.title != "Черновик редактора"  # live: the new status, not the draft
    draft = ad.get_latest_revision_as_object()
    assert (draft.title, draft.status) == ("Черновик редактора", "reserved")
    assert ad.has_unpublished_changes


def test_the_status_column_hides_and_shows_an_ad(client, admin_user, catalog):
    index, _other = catalog
    ad = CarAdPageFactory(parent=index, vin="XTA21099000000071", external_id="S-1")
    ad.save_revision().publish()
    client.force_login(admin_user)
    header = "external_id;make;model;year;price;body_type;fuel;transmission;drive;city;status"
    car = "Kia;Rio;2020;1450000;седан;бензин;автомат;передний;Москва"

    def load(*rows):
        upload(client, index, SimpleUploadedFile("s.csv", "\n".join([header, *rows]).encode()))
        confirm(client, last_job())
        ad.refresh_from_db()

    load(f"S-1;{car};скрыт")
    assert not ad.live
    load(f"S-1;{car};")  # no status: the hidden ad stays hidden
    assert not ad.live
    load(f"S-1;{car};Забронирован")
    assert ad.live and ad.status == "reserved"
