"""Reviews after a stay: writing one, moderating it, the realtor's reply and complaints.

These functions are the only writers of a review's status, and every change of what is published
recalculates the property's rating in the same transaction (an UPDATE of the page row, so the
page gets no new revision)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import spam_filter
from bookings.models import Booking, BookingStatus, Review, ReviewComplaint, ReviewPhoto, ReviewStatus
from bookings.models.reviews import REPLY_TEXT_MAX
from bookings.permissions import can_moderate_reviews, can_reply_to_review
from catalog.models import RentalPropertyPage


def already_reviewed_message():
    return _("Вы уже оставили отзыв об этом проживании: на одно бронирование — один отзыв.")


def review_refusal(booking, user):
    """Why `user` cannot review `booking` now, in words for them; None when they can."""
    if booking.guest_id != user.pk:
        return _("Отзыв может оставить только гость, который жил по этому бронированию.")
    if booking.status != BookingStatus.COMPLETED:
        return _("Отзыв можно оставить после выезда, когда бронирование завершено.")
    if Review.objects.filter(booking=booking).exists():
        return already_reviewed_message()
    return None


def recalculate_rating(rental_id):
    """Write the property's average and count of published reviews.

    The property row is locked first, so two publications on one property run one after the
    other and the second counts the first."""
    list(RentalPropertyPage.objects.select_for_update(of=("self",)).filter(pk=rental_id).values_list("pk"))
    stats = Review.objects.published().filter(rental_id=rental_id).aggregate(average=Avg("rating"), count=Count("pk"))
    average = Decimal(str(stats["average"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    RentalPropertyPage.objects.filter(pk=rental_id).update(rating_avg=average, rating_count=stats["count"])


def submit_review(*, booking, author, rating, text, photos=()) -> Review:
    """Save the guest's review: published at once, or held for moderation when the filter is suspicious.

    `photos` are files ready to store (see review_forms.ReviewForm). Raises ValidationError with a
    message for the guest and stores nothing when the review is not allowed."""
    try:
        with transaction.atomic():
            # One review per booking: the lock makes a second tab wait and then see the first review.
            locked = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
            refusal = review_refusal(locked, author)
            if refusal:
                raise ValidationError(refusal, code="not_allowed")
            reasons = spam_filter.suspicions(text)
            review = Review(
                booking=locked,
                rental_id=locked.rental_id,
                author=author,
                rating=rating,
                text=text.strip(),
                status=ReviewStatus.PENDING if reasons else ReviewStatus.PUBLISHED,
                held_because="; ".join(reasons)[:255],
                published_at=None if reasons else timezone.now(),
            )
            review.full_clean(exclude=["booking", "rental", "author"])
            review.save()
            for position, photo in enumerate(photos):
                ReviewPhoto.objects.create(review=review, image=photo, sort_order=position)
            if review.status == ReviewStatus.PUBLISHED:
                recalculate_rating(review.rental_id)
            return review
    except IntegrityError:
        if Review.objects.filter(booking=booking).exists():
            raise ValidationError(already_reviewed_message(), code="duplicate") from None
        raise


def _moderate(review, *, by, to_status):
    if not can_moderate_reviews(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status == to_status:
            raise ValidationError(
                _("Отзыв уже в статусе «%(status)s».") % {"status": ReviewStatus(to_status).label}, code="same"
            )
        publication_changes = ReviewStatus.PUBLISHED in (locked.status, to_status)
        now = timezone.now()
        locked.status = to_status
        locked.moderated_by, locked.moderated_at = by, now
        if to_status == ReviewStatus.PUBLISHED and locked.published_at is None:
            locked.published_at = now
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "published_at"])
        if publication_changes:
            recalculate_rating(locked.rental_id)
    return locked


def publish_review(review, *, by) -> Review:
    """The superuser lets a held (or earlier rejected) review out."""
    return _moderate(review, by=by, to_status=ReviewStatus.PUBLISHED)


def reject_review(review, *, by) -> Review:
    """The superuser hides a review; a published one leaves the rating."""
    return _moderate(review, by=by, to_status=ReviewStatus.REJECTED)


def reply_to_review(review, *, by, text) -> Review:
    """The property's realtor answers, once."""
    with transaction.atomic():
        locked = Review.objects.select_for_update(of=("self",)).select_related("rental").get(pk=review.pk)
        if not can_reply_to_review(by, locked):
            raise PermissionDenied
        if locked.reply:
            raise ValidationError(_("На этот отзыв уже есть ответ: ответить можно один раз."), code="replied")
        text = text.strip()
        if not text:
            raise ValidationError(_("Напишите текст ответа."), code="empty")
        if len(text) > REPLY_TEXT_MAX:
            raise ValidationError(
                _("Ответ длиннее %(limit)d символов. Сократите его.") % {"limit": REPLY_TEXT_MAX}, code="long"
            )
        locked.reply, locked.reply_author, locked.replied_at = text, by, timezone.now()
        locked.save(update_fields=["reply", "reply_author", "replied_at"])
    return locked


def complain(review, *, user, reason, comment="") -> bool:
    """Record `user`'s complaint; False if they had already complained (a repeat counts once)."""
    if review.author_id == user.pk:
        raise ValidationError(_("Нельзя пожаловаться на собственный отзыв."), code="own")
    _complaint, created = ReviewComplaint.objects.get_or_create(
        review=review, user=user, defaults={"reason": reason, "comment": comment.strip()}
    )
    return created
