"""The only writer of a publication's state. Every transition is in ALLOWED, runs in a transaction on the
row locked with select_for_update, and leaves a PublicationEvent.

A send is three steps, so that no transaction is held open while a platform answers:
`start_attempt` (queued → publishing, one attempt more), the adapter's call, `finish_attempt`
(→ published / withdrawn, back to queued with a backoff, failed, or unknown).

*unknown* is a publish whose request left us without an answer (a timeout): the post may exist. It is never
resent blindly: `reconcile` asks the platform (VK can tell; the Telegram Bot API cannot), and a person decides
where the platform cannot tell («Опубликовать снова» or «Отметить опубликованным» on the monitoring page)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CarAdPage
from core import ratelimit
from integrations.crossposting import (
    FOUND,
    MISSING,
    CrosspostError,
    Listing,
    MaybeSent,
    PermanentError,
    RateLimited,
    TemporaryError,
)
from publishing.content import listing_for
from publishing.models import PlatformAccount, Publication, PublicationEvent

log = logging.getLogger(__name__)

State = Publication.State
Action = Publication.Action

ALLOWED = {
    State.QUEUED: {State.PUBLISHING, State.WITHDRAWN},
    State.PUBLISHING: {State.PUBLISHED, State.WITHDRAWN, State.QUEUED, State.FAILED, State.UNKNOWN},
    State.PUBLISHED: {State.QUEUED},
    State.FAILED: {State.QUEUED, State.WITHDRAWN},
    State.UNKNOWN: {State.PUBLISHED, State.QUEUED, State.FAILED, State.WITHDRAWN},
    State.WITHDRAWN: {State.QUEUED},
}
RATE_WINDOW = 60  # seconds: PlatformAccount.rate_per_minute


class TransitionError(Exception):
    """A transition the table does not allow; the text is for the admin."""


@dataclass(frozen=True)
class Outcome:
    state: str
    retry_in: float | None = None  # seconds until the task should run again


def move(publication, to, *, action=None, note="", user=None, **fields):
    """Change the state of a locked publication and record the event (the caller holds the transaction)."""
    was = publication.state
    if to != was and to not in ALLOWED[was]:
        raise TransitionError(_("Нельзя перевести публикацию из «%(was)s» в «%(to)s».") % {"was": was, "to": to})
    publication.state = to
    if action:
        publication.action = action
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.save()
    PublicationEvent.objects.create(
        publication=publication, from_state=was, to_state=to, action=publication.action, note=note[:2000], user=user
    )
    return publication


def locked(publication_id):
    return Publication.objects.select_for_update().select_related("account").get(pk=publication_id)


def backoff(attempts):
    return min(
        settings.PUBLISHING_BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.PUBLISHING_BACKOFF_MAX_SECONDS
    )


def wants_posting(ad):
    """An ad is shown on the platforms while it is live on the site and not sold."""
    return ad.live and ad.status != CarAdPage.Status.SOLD


def enqueue_on_commit(publication):
    from publishing import tasks  # the tasks call this module

    publication_id, eta = publication.pk, publication.next_attempt_at
    transaction.on_commit(lambda: tasks.enqueue(publication_id, eta=eta))


# -- what people and signals ask for -----------------------------------------------------------------------------


def queue_publish(ad, account, *, publish_at=None, user=None, force=False):
    """Put the ad in the platform's queue: a first publish, a new attempt after a failure or a withdrawal, an update
    of a published post. An *unknown* one is resent only with `force` (a person checked that the post is not there).
    """
    if ad is None:
        raise TransitionError(_("Объявление удалено: публиковать нечего."))
    if not wants_posting(ad):
        raise TransitionError(_("Объявление не опубликовано на сайте или продано: публиковать нечего."))
    now = timezone.now()
    when = publish_at if publish_at and publish_at > now else now
    with transaction.atomic():
        publication, created = Publication.objects.get_or_create(
            ad=ad, account=account, defaults={"next_attempt_at": when, "publish_at": publish_at}
        )
        publication = locked(publication.pk)
        if created:
            PublicationEvent.objects.create(
                publication=publication, to_state=State.QUEUED, action=Action.PUBLISH, note=_("в очереди"), user=user
            )
        elif publication.state == State.PUBLISHING:
            return publication  # in flight: its answer decides
        elif publication.state == State.UNKNOWN and not force:
            raise TransitionError(
                _("Неизвестно, вышел ли пост: сначала проверьте площадку или подтвердите повторную отправку.")
            )
        elif publication.state == State.QUEUED:
            if publication.action == Action.WITHDRAW:  # the post is still there: keep it, with the new text
                publication.action = Action.UPDATE
            publication.publish_at, publication.next_attempt_at = publish_at, when
            publication.save(update_fields=["action", "publish_at", "next_attempt_at", "updated_at"])
        else:
            on_platform = publication.state == State.PUBLISHED or (
                publication.state == State.FAILED and publication.external_id and publication.action != Action.PUBLISH
            )
            move(
                publication,
                State.QUEUED,
                action=Action.UPDATE if on_platform else Action.PUBLISH,
                note=_("повторная отправка после проверки") if force else _("в очереди"),
                user=user,
                attempts=0,
                publish_at=publish_at,
                next_attempt_at=when,
                external_id=publication.external_id if on_platform else "",
                external_url=publication.external_url if on_platform else "",
            )
        enqueue_on_commit(publication)
    return publication


def queue_withdraw(publication_id, *, user=None, note=""):
    """Take the post down: a post on the platform is deleted by the worker; one never sent is just cancelled."""
    note = note or _("снять с площадки")
    with transaction.atomic():
        publication = locked(publication_id)
        state = publication.state
        if state in (State.WITHDRAWN, State.PUBLISHING, State.UNKNOWN):
            return publication  # nothing to do / in flight (finish_attempt checks the ad) / a person decides
        if not publication.external_id:
            return move(publication, State.WITHDRAWN, note=note, user=user, withdrawn_at=timezone.now())
        move(
            publication,
            State.QUEUED,
            action=Action.WITHDRAW,
            note=note,
            user=user,
            attempts=0,
            next_attempt_at=timezone.now(),
        )
        enqueue_on_commit(publication)
    return publication


def mark_published(publication_id, *, user, url=""):
    """A person found the post of an *unknown* publication on the platform."""
    with transaction.atomic():
        publication = locked(publication_id)
        if publication.state != State.UNKNOWN:
            raise TransitionError(_("Отметить опубликованной можно только публикацию в состоянии «Неизвестно»."))
        return move(
            publication,
            State.PUBLISHED,
            note=_("найдено на площадке вручную"),
            user=user,
            external_url=url or publication.external_url,
            published_at=timezone.now(),
            last_error="",
            next_attempt_at=None,
        )


def sync_ad(ad):
    """The ad changed on the site (published, unpublished, sold): bring its posts in line."""
    publications = list(Publication.objects.filter(ad_id=ad.pk).values_list("pk", "state", "account_id"))
    if not wants_posting(ad):
        for publication_id, _state, _account in publications:
            queue_withdraw(publication_id, note=_("объявление снято с сайта или продано"))
        return
    have = {account_id for _pk, _state, account_id in publications}
    published = [account for _pk, state, account in publications if state == State.PUBLISHED]
    accounts = [*PlatformAccount.objects.filter(pk__in=published)]  # an update of each post
    accounts += auto_publish_accounts().exclude(pk__in=have)
    for account in accounts:
        try:
            queue_publish(ad, account)
        except TransitionError:  # it turned unknown meanwhile: a person decides
            log.info("ad %s on %s: left for a decision", ad.pk, account.platform)


def ad_deleted(ad):
    """The ad is being deleted (its link on the publications turns NULL): they keep its title and address for the
    monitoring page and the report, and its posts are taken down. A send in flight is withdrawn when it ends
    (after_success); an *unknown* one is reconciled by the kept address."""
    publication_ids = list(Publication.objects.filter(ad_id=ad.pk).values_list("pk", flat=True))
    if not publication_ids:
        return
    Publication.objects.filter(pk__in=publication_ids).update(
        ad_title=ad.title[:255], ad_url=(ad.get_full_url() or "")[:500]
    )
    for publication_id in publication_ids:
        queue_withdraw(publication_id, note=_("объявление удалено"))


def auto_publish_accounts():
    return PlatformAccount.objects.filter(enabled=True, auto_publish=True)


def sync_ads(ad_ids):
    """sync_ad for many ads (the import, a bulk status change); ads with nothing to do cost no query each."""
    with_posts = set(Publication.objects.filter(ad_id__in=ad_ids).values_list("ad_id", flat=True))
    wanted = ad_ids if auto_publish_accounts().exists() else with_posts
    for ad in CarAdPage.objects.filter(pk__in=wanted).select_related(None).iterator(chunk_size=500):
        if ad.pk in with_posts or wants_posting(ad):
            sync_ad(ad)


# -- the worker's side ---------------------------------------------------------------------------------------------


def start_attempt(publication_id):
    """queued → publishing if it is due and the platform's rate allows; returns what to send, or an Outcome."""
    with transaction.atomic():
        try:
            publication = locked(publication_id)
        except Publication.DoesNotExist:
            return None
        now = timezone.now()
        if publication.state != State.QUEUED:
            return None  # done, or another run has it
        if publication.next_attempt_at and publication.next_attempt_at > now:
            return Outcome(publication.state, (publication.next_attempt_at - now).total_seconds())
        if publication.ad_id is None and publication.action != Action.WITHDRAW:  # the ad was deleted meanwhile
            if not publication.external_id:
                move(publication, State.WITHDRAWN, note=_("объявление удалено"), withdrawn_at=now)
                return Outcome(State.WITHDRAWN)
            publication.action = Action.WITHDRAW
        account = publication.account
        if not account.enabled:
            move(publication, State.PUBLISHING, attempts=publication.attempts + 1)
            move(publication, State.FAILED, note=_("площадка выключена"), last_error=_("площадка выключена"))
            return Outcome(State.FAILED)
        if ratelimit.hit(f"publishing:rate:{account.pk}", RATE_WINDOW) > account.rate_per_minute:
            publication.next_attempt_at = now + timedelta(seconds=RATE_WINDOW)
            publication.save(update_fields=["next_attempt_at", "updated_at"])
            return Outcome(State.QUEUED, RATE_WINDOW)
        return move(publication, State.PUBLISHING, attempts=publication.attempts + 1)


def call_platform(publication):
    """The adapter's call for the publication's action (outside any transaction)."""
    adapter = publication.account.adapter()
    if publication.action == Action.WITHDRAW:
        adapter.withdraw(publication.external_id)
        return None
    listing = listing_for(
        CarAdPage.objects.get(pk=publication.ad_id), publication.account.platform, publication.attempts
    )
    if publication.action == Action.UPDATE:
        return adapter.update(publication.external_id, listing)
    return adapter.publish(listing)


def attempt(publication_id):
    """One send of a queued publication; returns the Outcome (with `retry_in` when the task should run again)."""
    started = start_attempt(publication_id)
    if not isinstance(started, Publication):
        return started
    try:
        posted = call_platform(started)
    except CrosspostError as error:
        return finish_attempt(publication_id, error=error)
    except Exception as error:  # a bug must not leave the row "publishing" for ever
        log.exception("cross-posting %s failed", publication_id)
        return finish_attempt(publication_id, error=TemporaryError(f"{type(error).__name__}: {error}"))
    return finish_attempt(publication_id, posted=posted)


def finish_attempt(publication_id, *, posted=None, error=None):
    with transaction.atomic():
        publication = locked(publication_id)
        if publication.state != State.PUBLISHING:
            return Outcome(publication.state)
        now = timezone.now()
        if error is None:
            return after_success(publication, posted, now)
        text = str(error)[:2000]
        if isinstance(error, MaybeSent) and publication.action == Action.PUBLISH:
            move(
                publication,
                State.UNKNOWN,
                note=_("нет ответа после отправки: проверим площадку"),
                last_error=text,
                next_attempt_at=now + timedelta(seconds=backoff(1)),
            )
            return Outcome(State.UNKNOWN)
        if isinstance(error, RateLimited):
            move(
                publication,
                State.QUEUED,
                note=text,
                last_error=text,
                attempts=publication.attempts - 1,  # the platform did not take it: not an attempt
                next_attempt_at=now + timedelta(seconds=error.retry_after),
            )
            return Outcome(State.QUEUED, error.retry_after)
        temporary = isinstance(error, TemporaryError | MaybeSent)
        if temporary and publication.attempts < settings.PUBLISHING_MAX_ATTEMPTS:
            delay = backoff(publication.attempts)
            move(publication, State.QUEUED, note=text, last_error=text, next_attempt_at=now + timedelta(seconds=delay))
            return Outcome(State.QUEUED, delay)
        move(publication, State.FAILED, note=text, last_error=text, next_attempt_at=None)
        return Outcome(State.FAILED)


def after_success(publication, posted, now):
    if publication.action == Action.WITHDRAW:
        move(publication, State.WITHDRAWN, note=_("снято"), last_error="", withdrawn_at=now, next_attempt_at=None)
        return Outcome(State.WITHDRAWN)
    move(
        publication,
        State.PUBLISHED,
        note=posted.url or posted.external_id,
        external_id=posted.external_id,
        external_url=posted.url,
        last_error="",
        published_at=publication.published_at if publication.action == Action.UPDATE else now,
        next_attempt_at=None,
    )
    ad = CarAdPage.objects.filter(pk=publication.ad_id).first() if publication.ad_id else None
    if ad is None or not wants_posting(ad):  # sold, unpublished or deleted while this was being sent
        move(publication, State.QUEUED, action=Action.WITHDRAW, note=_("объявление снято, пока шла отправка"),
             attempts=0, next_attempt_at=now)  # fmt: skip
        enqueue_on_commit(publication)
        return Outcome(State.QUEUED, 0)
    return Outcome(State.PUBLISHED)


def reconcile(publication_id, *, user=None):
    """Ask the platform whether an *unknown* publish made a post: found → published; missing → queued again (safe
    to send); the platform cannot tell → stays unknown for a person to decide."""
    with transaction.atomic():
        publication = locked(publication_id)
        if publication.state != State.UNKNOWN:
            return Outcome(publication.state)
    ad = CarAdPage.objects.filter(pk=publication.ad_id).first() if publication.ad_id else None
    try:
        if ad is None:  # deleted: looked for by its kept address
            listing = Listing(key="", text=publication.ad_title, url=publication.ad_url)
        else:
            listing = listing_for(ad, publication.account.platform)
        status = publication.account.adapter().status(listing, publication.external_id)
    except CrosspostError as error:
        status, failure = None, error
    with transaction.atomic():
        publication = locked(publication_id)
        if publication.state != State.UNKNOWN:
            return Outcome(publication.state)
        if status is None:
            retry = not isinstance(failure, PermanentError)
            move(publication, State.UNKNOWN, note=_("проверка не удалась: %s") % failure, user=user,
                 last_error=str(failure)[:2000],
                 next_attempt_at=timezone.now() + timedelta(seconds=backoff(2)) if retry else None)  # fmt: skip
            return Outcome(State.UNKNOWN)
        if status.state == FOUND:
            move(publication, State.PUBLISHED, note=_("найдено на площадке"), user=user, last_error="",
                 external_id=status.posted.external_id, external_url=status.posted.url,
                 published_at=timezone.now(), next_attempt_at=None)  # fmt: skip
            if ad is None:
                queue_withdraw(publication.pk, user=user, note=_("объявление удалено"))
                return Outcome(State.QUEUED, 0)
            return Outcome(State.PUBLISHED)
        if status.state == MISSING and ad is None:
            move(publication, State.WITHDRAWN, note=_("на площадке поста нет, объявление удалено"), user=user,
                 withdrawn_at=timezone.now(), next_attempt_at=None)  # fmt: skip
            return Outcome(State.WITHDRAWN)
        if status.state == MISSING:
            move(publication, State.QUEUED, note=_("на площадке поста нет: отправим снова"), user=user,
                 next_attempt_at=timezone.now())  # fmt: skip
            enqueue_on_commit(publication)
            return Outcome(State.QUEUED, 0)
        # CANNOT_TELL: a person looks at the channel and decides
        move(
            publication,
            State.UNKNOWN,
            user=user,
            next_attempt_at=None,
            note=_("площадка не даёт проверить пост: решите вручную"),
            last_error=_("Площадка не даёт проверить, вышел ли пост. Проверьте канал и выберите действие."),
        )
        return Outcome(State.UNKNOWN)


def recover_stuck():
    """Sends whose worker died: a publish becomes unknown (it may have gone out), an update or a withdrawal is
    queued again (repeating them is harmless)."""
    cutoff = timezone.now() - timedelta(minutes=settings.PUBLISHING_STUCK_MINUTES)
    stuck = Publication.objects.filter(state=State.PUBLISHING, updated_at__lt=cutoff).values_list("pk", flat=True)
    for publication_id in list(stuck):
        with transaction.atomic():
            publication = locked(publication_id)
            if publication.state != State.PUBLISHING:
                continue
            if publication.action == Action.PUBLISH:
                move(publication, State.UNKNOWN, note=_("отправка прервалась"), next_attempt_at=timezone.now())
            else:
                move(publication, State.QUEUED, note=_("отправка прервалась"), next_attempt_at=timezone.now())


def due_publication_ids():
    now = timezone.now()
    return list(
        Publication.objects.filter(state=State.QUEUED, next_attempt_at__lte=now).values_list("pk", flat=True)[:500]
    )


def due_reconcile_ids():
    now = timezone.now()
    return list(
        Publication.objects.filter(state=State.UNKNOWN, next_attempt_at__lte=now).values_list("pk", flat=True)[:100]
    )
