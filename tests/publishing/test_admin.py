"""Cross-posting in the admin: who gets in, the monitoring page and the report (with CSV), the actions, and the
platform account's token (entered, replaced, never shown back). Runs on the demo's accounts and publications."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from publishing.models import PlatformAccount, Publication

pytestmark = pytest.mark.django_db

User = get_user_model()
State = Publication.State


@pytest.fixture
def manager_client(client):
    client.force_login(User.objects.get(email="manager@demo.example.com"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.get(email="editor@demo.example.com"))
    return client


def test_the_monitoring_page_counts_publications_by_platform_and_state(admin_client):
    response = admin_client.get(reverse("publishing_admin:monitor"))
    assert response.status_code == 200
    rows = {str(account): cells for account, cells, _total in response.context["rows"]}
    telegram = rows[str(PlatformAccount.objects.get(platform="telegram"))]
    states = [value for value, _label in State.choices]
    assert (
        telegram[states.index(State.PUBLISHED)][0]
        == Publication.objects.filter(account__platform="telegram", state=State.PUBLISHED).count()
    )
    assert {p.state for p in response.context["problems"]} == {State.FAILED, State.UNKNOWN}
    html = response.content.decode()
    assert "не настроено" in html and "Поста нет — опубликовать снова" in html and "Авито" in html


def test_the_monitoring_page_makes_as_many_queries_for_many_problems(admin_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("publishing_admin:monitor")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    account = PlatformAccount.objects.get(platform="vk")
    taken = Publication.objects.filter(account=account).values_list("ad_id", flat=True)
    from catalog.models import CarAdPage

    for ad in CarAdPage.objects.exclude(pk__in=taken)[:6]:
        Publication.objects.create(ad=ad, account=account, state=State.FAILED, last_error="x")
    with django_assert_max_num_queries(len(few)):
        assert admin_client.get(url).status_code == 200


def test_managers_see_the_monitoring_and_the_report_editors_do_not(manager_client):
    assert manager_client.get(reverse("publishing_admin:monitor")).status_code == 200
    assert manager_client.get(reverse("publishing_admin:report")).status_code == 200
    assert manager_client.get(reverse("wagtailsnippets_publishing_publication:list")).status_code == 200
    # the accounts and their tokens are the superuser's
    assert manager_client.get(reverse("wagtailsnippets_publishing_platformaccount:list")).status_code in (302, 403)


def test_editors_get_403(editor_client):
    assert editor_client.get(reverse("publishing_admin:monitor")).status_code == 403
    publication = Publication.objects.filter(state=State.FAILED).first()
    response = editor_client.post(reverse("publishing_admin:action", args=[publication.pk, "republish"]))
    assert response.status_code == 403


def test_the_report_counts_by_platform_and_state_and_exports_csv(admin_client):
    url = reverse("publishing_admin:report")
    response = admin_client.get(url)
    assert response.status_code == 200
    labels = [str(label) for label, _counts, _attempts in response.context["rows"]]
    assert labels == ["Telegram-канал", "ВКонтакте", "Instagram"]
    export = admin_client.get(url, {"date_from": "2020-01-01", "date_to": "2099-12-31", "format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Площадка" and table[0][1:3] == ["В очереди", "Опубликовано"]
    telegram = next(row for row in table if row[0] == "Telegram-канал")
    published = Publication.objects.filter(account__platform="telegram", state=State.PUBLISHED).count()
    assert int(telegram[2]) == published
    assert table[-1][0] == "Всего"
    bad = admin_client.get(url, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400 and "не может быть раньше" in bad.content.decode()


def test_republish_from_the_monitoring_page_goes_through_the_services(
    manager_client, django_capture_on_commit_callbacks
):
    publication = Publication.objects.filter(state=State.FAILED, account__platform="telegram").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("publishing_admin:action", args=[publication.pk, "republish"]), {"next": "https://evil.example/"}
        )
    assert response.status_code == 302 and response["Location"] == reverse("publishing_admin:monitor")
    publication.refresh_from_db()
    # the demo account has no token: the new attempt ends «не настроено» again, recorded with who asked
    assert publication.state == State.FAILED and publication.last_error.startswith("не настроено")
    assert publication.events.filter(user__email="manager@demo.example.com", to_state=State.QUEUED).exists()


def test_an_unknown_publication_needs_a_decision(admin_client):
    publication = Publication.objects.get(state=State.UNKNOWN)
    action = "publishing_admin:action"
    admin_client.post(reverse(action, args=[publication.pk, "republish"]))
    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN  # refused: the post may be there
    admin_client.post(
        reverse(action, args=[publication.pk, "mark_published"]), {"url": "https://t.me/avtofamily_demo/9"}
    )
    publication.refresh_from_db()
    assert (publication.state, publication.external_url) == (State.PUBLISHED, "https://t.me/avtofamily_demo/9")


def test_the_ad_page_queues_an_ad_at_a_time(admin_client):
    publication = Publication.objects.filter(state=State.PUBLISHED).select_related("ad").first()
    account = PlatformAccount.objects.get(platform="vk")
    Publication.objects.filter(ad=publication.ad, account=account).delete()
    url = reverse("publishing_admin:ad", args=[publication.ad_id])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Поставить в очередь" in page.content.decode()
    response = admin_client.post(url, {"account": account.pk, "publish_at": "2099-05-01 10:00"})
    assert response.status_code == 302
    queued = Publication.objects.get(ad=publication.ad, account=account)
    assert queued.state == State.QUEUED and queued.publish_at.year == 2099
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[publication.ad_id]))
    assert url in edit.content.decode()  # the «Публикации на площадках» button


def test_the_publication_list_filters_by_state_and_exports(admin_client):
    url = reverse("wagtailsnippets_publishing_publication:list")
    response = admin_client.get(url, {"state": State.FAILED})
    assert response.status_code == 200
    assert {row.state for row in response.context["object_list"]} == {State.FAILED}
    export = admin_client.get(url, {"export": "csv"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export.status_code == 200 and "ссылка на площадке" in content.splitlines()[0].lower()


def test_the_token_is_entered_replaced_and_never_shown_back(admin_client):
    account = PlatformAccount.objects.get(platform="telegram")
    edit_url = reverse("wagtailsnippets_publishing_platformaccount:edit", args=[account.pk])
    form = {
        "platform": "telegram",
        "name": account.name,
        "target": account.target,
        "base_url": "",
        "enabled": "on",
        "rate_per_minute": 20,
    }
    assert "Токен не задан" in admin_client.get(edit_url).content.decode()
    response = admin_client.post(edit_url, {**form, "new_token": "123456:SECRET-one"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.token == "123456:SECRET-one" and "SECRET" not in account.token_encrypted
    page = admin_client.get(edit_url).content.decode()
    assert "Токен задан" in page and "SECRET-one" not in page
    admin_client.post(edit_url, {**form, "new_token": ""})  # an empty field keeps it
    account.refresh_from_db()
    assert account.token == "123456:SECRET-one"
    admin_client.post(edit_url, {**form, "new_token": "654321:SECRET-two"})  # rotation
    account.refresh_from_db()
    assert account.token == "654321:SECRET-two" and account.is_configured


def test_a_deleted_ads_publication_stays_on_the_monitoring_page_and_in_the_report(admin_client):
    publication = Publication.objects.select_related("ad").get(state=State.UNKNOWN)
    title = publication.ad.title
    report = {"date_from": "2020-01-01", "date_to": "2099-12-31"}
    before = admin_client.get(reverse("publishing_admin:report"), report).context["totals"]
    publication.ad.delete()
    publication.refresh_from_db()
    assert publication.ad_id is None and publication.state == State.UNKNOWN  # a person still decides
    response = admin_client.get(reverse("publishing_admin:monitor"))
    assert publication in response.context["problems"]
    assert f"{title} (удалено)" in response.content.decode()
    assert admin_client.get(reverse("publishing_admin:report"), report).context["totals"] == before
    listing = admin_client.get(reverse("wagtailsnippets_publishing_publication:list"))
    assert f"{title} (удалено)" in listing.content.decode()
    resend = admin_client.post(reverse("publishing_admin:action", args=[publication.pk, "resend"]), follow=True)
    assert "Объявление удалено: публиковать нечего." in resend.content.decode()
    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN
