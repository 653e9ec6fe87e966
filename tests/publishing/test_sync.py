"""Posts follow the ad whatever changes it (issue 15, cross-posting gaps): the admin's bulk status change (also on
an ad with a draft in progress, which publishes nothing), the import (new ads inserted in bulk, updates, hidden
ads) and deleting the ad. Dealers have no access to cross-posting."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import car_import
from catalog.models import CarAdPage
from publishing import services
from publishing.models import PlatformAccount, Publication
from tests.api.helpers import BASE, CARS, key_for, partner
from tests.dealers.factories import dealer, member

pytestmark = pytest.mark.django_db
State = Publication.State
HEADER = "external_id;vin;make;model;year;mileage;price;body_type;fuel;transmission;drive;city;status"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser(email="sync-admin@example.com", password="pw")


def posted(car_ad, account, capture):
    with capture(execute=True):
        publication = services.queue_publish(car_ad, account)
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED
    return publication


def import_rows(index, user, *lines):
    content = "\n".join([HEADER, *lines]).encode()
    job = car_import.start_import(index, SimpleUploadedFile("cars.csv", content), None, by=user)
    car_import.run_job(job.pk, dry_run=True)
    car_import.confirm(job)
    return car_import.run_job(job.pk, dry_run=False)


def row_of(ad, status):
    return (
        f"{ad.external_id};{ad.vin};{ad.make.name};{ad.model.name};{ad.year};{ad.mileage};{ad.price};"
        f"{ad.body_type.name};{ad.fuel.name};{ad.transmission.name};{ad.drive.name};{ad.city.name};{status}"
    )


def test_selling_in_bulk_an_ad_with_a_draft_withdraws_its_post(
    client, admin_user, car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    with telegram_channel() as (api, account):
        publication = posted(car_ad, account, django_capture_on_commit_callbacks)
        car_ad.title = "Черновик редактора"
        car_ad.save_revision()  # a draft in progress: the status change publishes nothing
        client.force_login(admin_user)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_status_sold"])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"{url}?id={car_ad.pk}&next=/admin/").status_code == 302
    publication.refresh_from_db()
    assert CarAdPage.objects.get(pk=car_ad.pk).status == "sold"
    assert publication.state == State.WITHDRAWN and api.channel == {}


def test_hiding_in_bulk_withdraws_and_making_available_again_queues_an_update(
    client, admin_user, car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    with telegram_channel() as (api, account):
        publication = posted(car_ad, account, django_capture_on_commit_callbacks)
        client.force_login(admin_user)
        reserved = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_status_reserved"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{reserved}?id={car_ad.pk}&next=/admin/")
        publication.refresh_from_db()
        assert publication.state == State.PUBLISHED and publication.action == Publication.Action.UPDATE
        hide = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "car_hide"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{hide}?id={car_ad.pk}&next=/admin/")
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.channel == {}


def test_the_import_updates_and_withdraws_posts(
    admin_user, car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    ad = CarAdPage.objects.get(pk=car_ad.pk)
    if not ad.external_id:
        ad.external_id = "SYNC-1"
        ad.save_revision().publish()
    index = ad.get_parent().specific
    with telegram_channel() as (api, account):
        publication = posted(ad, account, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            job = import_rows(index, admin_user, row_of(ad, "sold"))
        assert job.updated == 1
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.channel == {}


def test_new_ads_of_an_import_are_queued_on_auto_publish_platforms(
    admin_user, car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    index = car_ad.get_parent().specific
    line = "S-NEW-{n};JTNB11HK10399900{n};Toyota;Camry;2021;1000;3000000;седан;бензин;АКПП;передний;Москва;"
    with telegram_channel() as (api, account):
        PlatformAccount.objects.filter(pk=account.pk).update(auto_publish=True)
        with django_capture_on_commit_callbacks(execute=True):
            job = import_rows(index, admin_user, line.format(n=1), line.format(n=2) + "hidden")
    assert (job.created, job.refused) == (2, 0)
    shown, hidden = CarAdPage.objects.get(external_id="S-NEW-1"), CarAdPage.objects.get(external_id="S-NEW-2")
    assert shown.live and not hidden.live
    assert Publication.objects.get(ad=shown, account=account).state == State.PUBLISHED
    assert not Publication.objects.filter(ad=hidden).exists()
    assert api.channel  # the shown ad's media group


def test_deleting_an_ad_takes_its_post_down_and_keeps_the_history(
    car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    title, url = car_ad.title, car_ad.get_full_url()
    with telegram_channel() as (api, account):
        publication = posted(car_ad, account, django_capture_on_commit_callbacks)
        assert api.channel  # a media group: a message per photo
        with django_capture_on_commit_callbacks(execute=True):
            CarAdPage.objects.get(pk=car_ad.pk).delete()
    assert api.channel == {} and api.requests[-1].path.endswith("/deleteMessage")
    publication.refresh_from_db()
    assert (publication.ad_id, publication.ad_title, publication.ad_url) == (None, title, url)
    assert publication.state == State.WITHDRAWN
    assert publication.events.filter(note="объявление удалено", to_state=State.QUEUED).exists()
    assert str(publication.ad_label()) == f"{title} (удалено)"


def test_dealers_have_no_access_to_cross_posting(client, car_ad):
    """Publications are for managers and the superuser (publishing/policies.py); a dealer sees none, its own
    ads' included, so there is nothing to scope to the dealer."""
    user = member(dealer("Дилер без кросспостинга"))
    client.force_login(user)
    assert client.get(reverse("publishing_admin:monitor")).status_code == 403
    assert client.get(reverse("publishing_admin:ad", args=[car_ad.pk])).status_code == 403
    assert client.get(reverse("wagtailsnippets_publishing_publication:list")).status_code in (302, 403)


def test_selling_through_the_api_withdraws_the_post(
    client, car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    user = partner("sync-api@example.com", [car_ad.get_parent()])
    CarAdPage.objects.filter(pk=car_ad.pk).update(owner=user)
    _key, auth = key_for(user)
    with telegram_channel() as (api, account):
        publication = posted(car_ad, account, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"{BASE}cars/status/",
                {"ids": [car_ad.pk], "status": "sold"},
                content_type="application/json",
                HTTP_HOST=CARS,
                **auth,
            )
        assert response.status_code == 200, response.content
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.channel == {}
