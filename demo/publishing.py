"""Cross-posting demo: the platform accounts, set up to point at nothing real (no tokens, so a send ends
«не настроено»), and a handful of publications in each state so the monitoring page shows something."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import CarAdPage
from publishing.models import PlatformAccount, Publication, PublicationEvent

ACCOUNTS = [
    # platform, name, target, enabled
    (PlatformAccount.Platform.TELEGRAM, "Канал @avtofamily_demo (демо)", "@avtofamily_demo", True),
    (PlatformAccount.Platform.VK, "Сообщество Avtofamily (демо)", "-100000001", True),
    (PlatformAccount.Platform.INSTAGRAM, "Instagram Avtofamily (демо)", "", False),
]
NOT_CONFIGURED = "не настроено: нет токена или канала"

# (account index, state, action, attempts, last error, hours ago)
PUBLICATIONS = [
    (0, Publication.State.PUBLISHED, Publication.Action.PUBLISH, 1, "", 50),
    (0, Publication.State.PUBLISHED, Publication.Action.UPDATE, 2, "", 30),
    (0, Publication.State.FAILED, Publication.Action.PUBLISH, 1, NOT_CONFIGURED, 20),
    (0, Publication.State.UNKNOWN, Publication.Action.PUBLISH, 1, "Telegram: нет ответа за 20 с (демо)", 6),
    (0, Publication.State.QUEUED, Publication.Action.PUBLISH, 0, "", 1),
    (1, Publication.State.PUBLISHED, Publication.Action.PUBLISH, 1, "", 48),
    (1, Publication.State.QUEUED, Publication.Action.PUBLISH, 2, "VK wall.post: 10 Internal server error (демо)", 3),
    (1, Publication.State.WITHDRAWN, Publication.Action.WITHDRAW, 1, "", 70),
    (1, Publication.State.FAILED, Publication.Action.PUBLISH, 1, NOT_CONFIGURED, 10),
]


def seed(home, *, scale=0, stdout=None) -> int:
    created = 0
    accounts = []
    for platform, name, target, enabled in ACCOUNTS:
        account, made = PlatformAccount.objects.get_or_create(
            platform=platform, defaults={"name": name, "target": target, "enabled": enabled}
        )
        accounts.append(account)
        created += made
    if Publication.objects.exists():
        return created
    ads = list(CarAdPage.objects.descendant_of(home).live().order_by("path")[: len(PUBLICATIONS)])
    now = timezone.now()
    for ad, (index, state, action, attempts, error, hours) in zip(ads, PUBLICATIONS, strict=False):
        account = accounts[index]
        at = now - timedelta(hours=hours)
        posted = state in (Publication.State.PUBLISHED, Publication.State.WITHDRAWN)
        publication = Publication.objects.create(
            ad=ad,
            account=account,
            state=state,
            action=action,
            attempts=attempts,
            last_error=error,
            external_id=f"p:{ad.pk}" if posted else "",
            next_attempt_at=now + timedelta(hours=1) if state == Publication.State.QUEUED else None,
            published_at=at if posted else None,
            withdrawn_at=at if state == Publication.State.WITHDRAWN else None,
        )
        Publication.objects.filter(pk=publication.pk).update(created_at=at, updated_at=at)
        PublicationEvent.objects.create(
            publication=publication, from_state="", to_state=state, action=action, note="демо: записано сразу"
        )
        created += 1
    return created
