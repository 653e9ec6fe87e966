"""The import's bulk path for new ads (catalog.car_bulk): what Wagtail's page API would leave behind, written a
batch at a time — live, routable pages in a valid tree, with a revision, log entries, reference and search index
entries; a second import of the same file changes nothing; drafts and updates keep the page API."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from catalog import car_import
from catalog.models import CarAdPage, CarImportJob
from catalog.signals import car_ads_changed
from tests.catalog.factories import CarAdPageFactory, CarIndexPageFactory
from tests.catalog.test_car_import import PNG, dealer_of, zip_of
from tests.home.factories import brand_home

pytestmark = pytest.mark.django_db(transaction=False)
HOST = "cars-bulk.localhost"
HEADER = "external_id;vin;make;model;year;mileage;price;body_type;fuel;transmission;drive;city;payment_types;photos"
CAR = "седан;бензин;АКПП;передний;Москва;Наличные, Кредит"


def rows(count, start=0):
    return [
        f"B-{n};JTNB11HK1030{n:05d};Тойота;Камри;2021;{1000 + n};{3_000_000 + n};{CAR};"
        for n in range(start, start + count)
    ]


def run(index, user, lines, photos=None):
    content = "\n".join([HEADER, *lines]).encode()
    job = car_import.start_import(index, SimpleUploadedFile("cars.csv", content), photos, by=user)
    car_import.run_job(job.pk, dry_run=True)
    car_import.confirm(job)
    return car_import.run_job(job.pk, dry_run=False)


@pytest.fixture
def index():
    home = brand_home(HOST, "Автосалон")
    index = CarIndexPageFactory(parent=home, slug="cars")
    CarAdPageFactory(parent=index, vin="XTA21099000000001", slug="kept")  # an ad typed before: the tree continues
    return index


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser(email="bulk-admin@example.com", password="pw")


def test_new_ads_are_inserted_in_bulk_as_live_pages_with_history(
    search_index, client, index, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.CAR_IMPORT_INLINE_ROWS = 10_000
    heard = []

    def listener(sender, page_ids, **kwargs):
        heard.extend(page_ids)

    car_ads_changed.connect(listener, sender=CarAdPage, dispatch_uid="test-bulk-listener")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = run(index, admin_user, rows(12), photos=None)
    finally:
        car_ads_changed.disconnect(dispatch_uid="test-bulk-listener", sender=CarAdPage)
    assert (job.status, job.created, job.refused) == (CarImportJob.Status.DONE, 12, 0)
    ads = list(CarAdPage.objects.child_of(index).filter(external_id__startswith="B-").order_by("path"))
    assert len(ads) == 12 and sorted(heard) == sorted(ad.pk for ad in ads)

    # The tree: valid paths after the existing child, the catalog's numchild counted, nothing for fix_tree to mend.
    assert all(problem == [] for problem in Page.find_problems())
    index.refresh_from_db()
    assert index.numchild == 13
    ad = ads[0]
    assert ad.depth == index.depth + 1 and ad.path.startswith(index.path)
    assert ad.url_path == f"{index.url_path}{ad.slug}/" and ad.locale_id == index.locale_id
    assert ad.live and not ad.has_unpublished_changes and ad.first_published_at and ad.last_published_at
    assert sorted(ad.payment_types.values_list("name", flat=True)) == ["Автокредит", "Наличные"]

    # History: one revision, the latest and the live one, holding the content; the create and publish log entries.
    revisions = Revision.objects.filter(base_content_type__model="page", object_id=str(ad.pk))
    assert [revision.pk for revision in revisions] == [ad.latest_revision_id] == [ad.live_revision_id]
    assert revisions[0].as_object().vin == ad.vin and revisions[0].user_id == admin_user.pk
    assert sorted(PageLogEntry.objects.filter(page=ad).values_list("action", flat=True)) == [
        "wagtail.create", "wagtail.publish"
    ]  # fmt: skip
    assert ReferenceIndex.objects.filter(object_id=str(ad.pk), to_object_id=str(ad.make_id)).exists()

    # Routable, in the catalog's list and in the search.
    assert client.get(ad.get_url_parts()[2], HTTP_HOST=HOST).status_code == 200
    listing = client.get(index.get_url_parts()[2], HTTP_HOST=HOST)
    assert listing.status_code == 200 and ad.get_url_parts()[2] in listing.content.decode()
    assert ad.pk in [page.pk for page in CarAdPage.objects.live().search("Camry")]

    # The same file again: nothing to create or change.
    again = run(index, admin_user, rows(12))
    assert (again.created, again.updated, again.unchanged, again.refused) == (0, 0, 12, 0)
    assert (
        CarAdPage.objects.child_of(index).count() == 13
        and Revision.objects.filter(object_id__in=[str(page.pk) for page in ads]).count() == 12
    )


def test_chunks_continue_the_tree_and_photos_come_with_bulk_ads(index, admin_user, settings):
    settings.CAR_IMPORT_INLINE_ROWS = 10_000
    car_import_chunk = car_import.CHUNK
    car_import.CHUNK = 5  # three chunks: each continues after the last one's pages
    try:
        lines = rows(11)
        lines[0] = lines[0][:-1] + ";front.png"
        job = run(index, admin_user, lines, photos=zip_of(**{"front.png": PNG}))
    finally:
        car_import.CHUNK = car_import_chunk
    assert (job.created, job.refused) == (11, 0)
    assert all(problem == [] for problem in Page.find_problems())
    paths = list(CarAdPage.objects.child_of(index).values_list("path", flat=True))
    assert len(paths) == len(set(paths)) == 12
    with_photo = CarAdPage.objects.get(external_id="B-0")
    photo = with_photo.gallery_images.get()
    assert with_photo.main_image_id == photo.image_id
    assert with_photo.live_revision.as_object().gallery_images.get().image_id == photo.image_id


def test_a_user_who_may_not_publish_gets_drafts_through_the_page_api(index):
    from accounts.access import grant_pages

    user = dealer_of(index)
    group = user.groups.get()
    group.page_permissions.all().delete()
    grant_pages(group, [index], ["add", "change"])
    job = run(index, user, rows(2))
    assert job.created == 2
    drafts = CarAdPage.objects.child_of(index).filter(external_id__startswith="B-")
    assert drafts.count() == 2 and not drafts.filter(live=True).exists()
    assert all(problem == [] for problem in Page.find_problems())


def test_an_update_still_publishes_a_revision_per_ad(index, admin_user):
    run(index, admin_user, rows(1))
    ad = CarAdPage.objects.get(external_id="B-0")
    changed = rows(1)[0].replace(";3000000;", ";2900000;")
    job = run(index, admin_user, [changed])
    assert job.updated == 1
    ad.refresh_from_db()
    assert ad.price == 2900000 and Revision.objects.filter(object_id=str(ad.pk)).count() == 2


def test_a_bulk_created_ad_is_deleted_from_the_admin(client, index, admin_user):
    """Deleting a car ad answered 500 before (treebeard's delete against the manager's joins)."""
    run(index, admin_user, rows(2))
    ad = CarAdPage.objects.get(external_id="B-0")
    client.force_login(admin_user)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[ad.pk]))
    assert response.status_code == 302 and not CarAdPage.objects.filter(pk=ad.pk).exists()
    index.refresh_from_db()
    assert index.numchild == 2 and all(problem == [] for problem in Page.find_problems())
