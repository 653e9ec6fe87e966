import pytest
from wagtail.models import Site

from catalog.models import CarAdPage
from publishing.models import PlatformAccount, Publication
from tests.fakes.telegram import fake_telegram
from tests.fakes.vk import fake_vk


@pytest.fixture
def car_ad(db):
    """A live, unsold demo ad with photos and no publication yet."""
    home = Site.objects.get(hostname="avtofamily.localhost").root_page
    ad = (
        CarAdPage.objects.descendant_of(home)
        .live()
        .filter(status=CarAdPage.Status.AVAILABLE, gallery_images__isnull=False)
        .exclude(pk__in=Publication.objects.values("ad_id"))  # the demo's publications are on the first ads
        .order_by("path")
        .first()
    )
    assert ad is not None
    return ad


@pytest.fixture
def settings_for_publishing(settings):
    settings.PUBLISHING_BACKOFF_BASE_SECONDS = 60
    settings.PUBLISHING_BACKOFF_MAX_SECONDS = 600
    settings.PUBLISHING_MAX_ATTEMPTS = 3
    settings.PUBLISHING_TIMEOUT = 5
    return settings


def make_account(platform, service, *, token, target, **fields):
    account, _created = PlatformAccount.objects.update_or_create(
        platform=platform,
        defaults={"name": f"test {platform}", "target": target, "base_url": service.url, "enabled": True, **fields},
    )
    account.token = token
    account.save()
    return account


@pytest.fixture
def telegram_channel(db, settings_for_publishing):
    """Start the fake Bot API and point the Telegram account at it: `with telegram_channel() as (api, account)`."""

    class Running:
        def __init__(self, **kwargs):
            self.api = fake_telegram(**kwargs)

        def __enter__(self):
            self.api.__enter__()
            account = make_account(
                PlatformAccount.Platform.TELEGRAM,
                self.api,
                token="test-bot-token",
                target="@avtofamily",
            )
            return self.api, account

        def __exit__(self, *exc):
            self.api.__exit__(*exc)

    return Running


@pytest.fixture
def vk_wall(db, settings_for_publishing):
    class Running:
        def __init__(self, **kwargs):
            self.api = fake_vk(**kwargs)

        def __enter__(self):
            self.api.__enter__()
            account = make_account(PlatformAccount.Platform.VK, self.api, token="test-vk-token", target="-777")
            return self.api, account

        def __exit__(self, *exc):
            self.api.__exit__(*exc)

    return Running
