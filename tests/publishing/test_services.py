"""Publications through their states: the services and the Celery task (run in place) against the fakes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import CarAdPage
from publishing import services, tasks
from publishing.models import PlatformAccount, Publication

pytestmark = pytest.mark.django_db

State = Publication.State


def methods(api):
    return [request.path.rsplit("/", 1)[1] for request in api.requests]


def run(publication_id):
    """The task as Celery runs it without a broker (CELERY_TASK_ALWAYS_EAGER in the test settings)."""
    tasks.run_publication.delay(publication_id)


def another_ad(ad):
    taken = Publication.objects.values("ad_id")
    return type(ad).objects.live().filter(status="available").exclude(pk=ad.pk).exclude(pk__in=taken).first()


def make_due(publication):
    """What the clock does between two runs: the next attempt falls due."""
    Publication.objects.filter(pk=publication.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_queued_ad_is_posted_with_its_photos_and_text(car_ad, telegram_channel, django_capture_on_commit_callbacks):
    with telegram_channel() as (api, account), django_capture_on_commit_callbacks(execute=True):
        publication = services.queue_publish(car_ad, account)
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED
    assert publication.attempts == 1 and publication.last_error == ""
    assert publication.external_url == f"https://t.me/avtofamily/{publication.external_id[2:].split(',')[0]}"
    [request] = api.requests
    photos = [value for value in request.parts.values() if isinstance(value, tuple)]
    assert photos and all(content.startswith(b"\xff\xd8") for _name, content in photos)  # JPEG renditions
    caption = next(iter(api.channel.values()))["caption"]
    assert car_ad.name in caption and car_ad.get_full_url() in caption
    assert list(publication.events.values_list("to_state", flat=True)) == [
        State.QUEUED,
        State.PUBLISHING,
        State.PUBLISHED,
    ]


def test_a_failure_is_retried_after_an_exponential_backoff_then_succeeds(
    car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    with telegram_channel(fail_times=2) as (api, account):
        with django_capture_on_commit_callbacks(execute=True):
            publication = services.queue_publish(car_ad, account)
        publication.refresh_from_db()
        assert (publication.state, publication.attempts) == (State.QUEUED, 1)
        assert "502" in publication.last_error
        first_wait = publication.next_attempt_at - publication.updated_at
        run(publication.pk)  # not due yet: nothing is sent
        assert len(api.requests) == 1

        make_due(publication)
        run(publication.pk)
        publication.refresh_from_db()
        assert (publication.state, publication.attempts) == (State.QUEUED, 2)
        second_wait = publication.next_attempt_at - publication.updated_at

        make_due(publication)
        run(publication.pk)
    publication.refresh_from_db()
    assert (publication.state, publication.attempts, publication.last_error) == (State.PUBLISHED, 3, "")
    assert timedelta(seconds=59) < first_wait <= timedelta(seconds=60)
    assert timedelta(seconds=119) < second_wait <= timedelta(seconds=120)
    assert len(api.requests) == 3


def test_after_the_last_attempt_the_publication_fails(car_ad, telegram_channel, settings):
    settings.PUBLISHING_MAX_ATTEMPTS = 2
    with telegram_channel(fail_times=5) as (_api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
        make_due(publication)
        run(publication.pk)
    publication.refresh_from_db()
    assert (publication.state, publication.attempts) == (State.FAILED, 2)
    assert publication.next_attempt_at is None and "502" in publication.last_error


def test_a_refusal_fails_at_once(car_ad, telegram_channel):
    with telegram_channel(known_chats={"@elsewhere"}) as (_api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
    publication.refresh_from_db()
    assert (publication.state, publication.attempts) == (State.FAILED, 1)
    assert "chat not found" in publication.last_error


def test_an_account_without_a_token_says_not_configured(car_ad, settings_for_publishing):
    account = PlatformAccount.objects.update_or_create(
        platform="telegram", defaults={"name": "demo", "target": "@x", "token_encrypted": ""}
    )[0]
    publication = services.queue_publish(car_ad, account)
    run(publication.pk)
    publication.refresh_from_db()
    assert publication.state == State.FAILED
    assert publication.last_error.startswith("не настроено")


def test_a_timeout_after_sending_is_unknown_and_never_resent_blindly(
    car_ad, telegram_channel, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISHING_TIMEOUT = 0.3
    with telegram_channel(slow={"sendMediaGroup": 1, "sendPhoto": 1}) as (api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
        publication.refresh_from_db()
        assert publication.state == State.UNKNOWN
        posts = len(api.channel)
        assert posts >= 1  # the platform did post it

        make_due(publication)
        run(publication.pk)  # the task does not touch an unknown publication
        with pytest.raises(services.TransitionError):
            services.queue_publish(car_ad, account)  # «Опубликовать снова» needs a decision
        tasks.dispatch_due_publications.delay()  # the beat reconciles: the Bot API cannot tell
        publication.refresh_from_db()
        assert publication.state == State.UNKNOWN and "вручную" in publication.events.last().note
        assert publication.next_attempt_at is None  # not asked again and again
        assert len(api.requests) == 1

        settings.PUBLISHING_TIMEOUT = 5
        with django_capture_on_commit_callbacks(execute=True):  # a person checked the channel: not there
            services.queue_publish(car_ad, account, force=True)
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED and len(api.requests) == 2


def test_an_unknown_vk_post_is_found_by_reconciling(car_ad, vk_wall, settings):
    settings.PUBLISHING_TIMEOUT = 0.5
    with vk_wall(slow={"wall.post": 1.5}) as (api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
        publication.refresh_from_db()
        assert publication.state == State.UNKNOWN
        settings.PUBLISHING_TIMEOUT = 5
        services.reconcile(publication.pk)
    publication.refresh_from_db()
    [post_id] = api.wall
    assert (publication.state, publication.external_id) == (State.PUBLISHED, str(post_id))
    assert publication.external_url == f"https://vk.com/wall-777_{post_id}"
    assert methods(api).count("wall.post") == 1


def test_an_unknown_vk_post_that_is_not_there_is_sent_again(
    car_ad, vk_wall, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISHING_TIMEOUT = 0.5
    with vk_wall(slow={"wall.post": 1.5}) as (api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
        api.wall.clear()  # say the platform lost it
        settings.PUBLISHING_TIMEOUT = 5
        with django_capture_on_commit_callbacks(execute=True):
            services.reconcile(publication.pk)
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED and len(api.wall) == 1


def test_an_unknown_post_of_a_deleted_ad_is_found_by_its_kept_address_and_taken_down(
    car_ad, vk_wall, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISHING_TIMEOUT = 0.5
    with vk_wall(slow={"wall.post": 1.5}) as (api, account):
        publication = services.queue_publish(car_ad, account)
        run(publication.pk)
        publication.refresh_from_db()
        assert publication.state == State.UNKNOWN
        settings.PUBLISHING_TIMEOUT = 5
        with django_capture_on_commit_callbacks(execute=True):
            CarAdPage.objects.get(pk=car_ad.pk).delete()
        publication.refresh_from_db()
        assert publication.ad_id is None and publication.state == State.UNKNOWN  # nothing known to take down yet
        with django_capture_on_commit_callbacks(execute=True):
            services.reconcile(publication.pk)
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.wall == {}
    assert methods(api).count("wall.post") == 1 and "wall.delete" in methods(api)


def test_the_platform_rate_limit_holds_back_a_send(car_ad, telegram_channel):
    other_ad = another_ad(car_ad)
    with telegram_channel() as (api, account):
        PlatformAccount.objects.filter(pk=account.pk).update(rate_per_minute=1)
        first = services.queue_publish(car_ad, account)
        second = services.queue_publish(other_ad, account)
        run(first.pk)
        before = timezone.now()
        run(second.pk)
    second.refresh_from_db()
    assert second.state == State.QUEUED and second.attempts == 0
    assert second.next_attempt_at >= before + timedelta(seconds=59)
    assert len({request.path for request in api.requests}) == 1 and len(api.requests) == 1


def test_a_scheduled_publication_waits_for_its_time(car_ad, telegram_channel, django_capture_on_commit_callbacks):
    with telegram_channel() as (api, account):
        with django_capture_on_commit_callbacks(execute=True):
            publication = services.queue_publish(car_ad, account, publish_at=timezone.now() + timedelta(hours=3))
        tasks.dispatch_due_publications.delay()
        assert api.requests == []
        make_due(publication)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.dispatch_due_publications.delay()
    publication.refresh_from_db()
    assert publication.state == State.PUBLISHED


def test_unpublishing_or_selling_the_ad_withdraws_its_posts(
    car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    with telegram_channel() as (api, account):
        with django_capture_on_commit_callbacks(execute=True):
            publication = services.queue_publish(car_ad, account)
        with django_capture_on_commit_callbacks(execute=True):
            car_ad.status = car_ad.Status.SOLD
            car_ad.save_revision().publish()
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.channel == {}
    assert "deleteMessage" in methods(api)


def test_republishing_the_ad_updates_the_post_and_auto_publish_queues_new_ones(
    car_ad, telegram_channel, django_capture_on_commit_callbacks
):
    with telegram_channel() as (api, account):
        with django_capture_on_commit_callbacks(execute=True):
            publication = services.queue_publish(car_ad, account)
        with django_capture_on_commit_callbacks(execute=True):
            car_ad.price = 1_234_567
            car_ad.save_revision().publish()
        publication.refresh_from_db()
        assert publication.state == State.PUBLISHED and publication.action == Publication.Action.UPDATE
        assert "1 234 567 ₽" in next(iter(api.channel.values()))["caption"]

        PlatformAccount.objects.filter(pk=account.pk).update(auto_publish=True)
        other = another_ad(car_ad)
        with django_capture_on_commit_callbacks(execute=True):
            other.save_revision().publish()
    assert Publication.objects.get(ad=other, account=account).state == State.PUBLISHED
    assert methods(api).count("editMessageCaption") == 1


def test_unpublished_ad_before_sending_is_cancelled_without_a_call(car_ad, telegram_channel):
    with telegram_channel() as (api, account):
        publication = services.queue_publish(car_ad, account, publish_at=timezone.now() + timedelta(hours=1))
        services.queue_withdraw(publication.pk)
    publication.refresh_from_db()
    assert publication.state == State.WITHDRAWN and api.requests == []


def test_a_stuck_send_becomes_unknown_and_the_table_refuses_other_moves(car_ad, telegram_channel):
    with telegram_channel() as (_api, account):
        publication = services.queue_publish(car_ad, account, publish_at=timezone.now() + timedelta(hours=1))
    Publication.objects.filter(pk=publication.pk).update(
        state=State.PUBLISHING, updated_at=timezone.now() - timedelta(hours=1)
    )
    services.recover_stuck()
    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN
    with pytest.raises(services.TransitionError):
        services.move(publication, State.PUBLISHING)
    services.mark_published(publication.pk, user=None, url="https://t.me/avtofamily/5")
    publication.refresh_from_db()
    assert (publication.state, publication.external_url) == (State.PUBLISHED, "https://t.me/avtofamily/5")


def test_the_token_is_stored_encrypted():
    account = PlatformAccount(platform="vk", name="x")
    account.token = "secret-token-123"
    assert "secret-token-123" not in account.token_encrypted and account.token == "secret-token-123"


def test_tokens_rotate_with_the_door_code_keys():
    import base64
    import io
    import os

    from django.core.management import call_command
    from django.test import override_settings

    old, new = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))
    with override_settings(FIELD_ENCRYPTION_KEYS=f"old:{old}"):
        account = PlatformAccount.objects.get(platform="vk")
        account.token = "vk-token"
        account.save()
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{new},old:{old}"):
        out = io.StringIO()
        call_command("rotate_encryption_key", stdout=out)
        assert "publishing.PlatformAccount.token_encrypted: re-encrypted 1" in out.getvalue()
    with override_settings(FIELD_ENCRYPTION_KEYS=f"new:{new}"):
        account.refresh_from_db()
        assert account.token_encrypted.startswith("new:") and account.token == "vk-token"
