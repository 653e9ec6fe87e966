"""Guests' reviews of a stay, their photos, the realtor's reply and complaints (seed 003, «Отзывы и рейтинги»).

Status and rating changes go through `bookings.reviews`, which keeps the property's average in step."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ComplaintReason", "Review", "ReviewComplaint", "ReviewPhoto", "ReviewQuerySet", "ReviewStatus"]

REVIEW_TEXT_MAX = 3000
REPLY_TEXT_MAX = 2000


class ReviewStatus(models.TextChoices):
    PENDING = "PENDING", _("На модерации")
    PUBLISHED = "PUBLISHED", _("Опубликован")
    REJECTED = "REJECTED", _("Отклонён")


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def for_property_page(self, rental, limit):
        """The latest published reviews of a property with authors and photos: two queries whatever the count."""
        return (
            self.published()
            .filter(rental=rental)
            .select_related("author", "reply_author")
            .prefetch_related("photos")
            .order_by("-published_at", "-pk")[:limit]
        )


class Review(models.Model):
    booking = models.OneToOneField(
        "bookings.Booking",
        verbose_name=_("бронирование"),
        on_delete=models.PROTECT,
        related_name="review",
        error_messages={"unique": _("На это бронирование уже оставлен отзыв.")},
    )
    rental = models.ForeignKey(
        "catalog.RentalPropertyPage", verbose_name=_("объект"), on_delete=models.PROTECT, related_name="reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="rental_reviews"
    )
    rating = models.PositiveSmallIntegerField(
        _("оценка"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("От 1 до 5 звёзд.")
    )
    text = models.TextField(_("отзыв"), max_length=REVIEW_TEXT_MAX)
    status = models.CharField(
        _("статус"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    held_because = models.CharField(
        _("причина проверки"),
        max_length=255,
        blank=True,
        help_text=_("Что насторожило автоматический фильтр: стоп-слова, ссылки, текст заглавными."),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("модератор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    reply = models.TextField(_("ответ риелтора"), max_length=REPLY_TEXT_MAX, blank=True)
    reply_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто ответил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("ответ дан"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()
    wagtail_reference_index_ignore = True  # a record, not content

    class Meta:
        verbose_name = _("отзыв")
        verbose_name_plural = _("отзывы")
        ordering = ["-created_at", "-pk"]
        # Only «view» can be granted (to realtors, for their own properties' reviews); status changes
        # go through bookings.reviews, and reviews are rejected rather than deleted.
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["rental", "status", "published_at"], name="review_property_status_idx")]

    def __str__(self):
        return f"{'★' * self.rating} · {self.text[:60]}"

    @property
    def stars(self):
        return "★" * self.rating + "☆" * (5 - self.rating)

    @property
    def author_name(self):
        """What the site shows: the first name only, never the email."""
        return self.author.first_name or _("Гость")

    def ld_entity(self):
        node = {
            "@type": "Review",
            "author": {"@type": "Person", "name": str(self.author_name)},
            "reviewBody": self.text,
            "reviewRating": {"@type": "Rating", "ratingValue": self.rating, "bestRating": 5, "worstRating": 1},
        }
        if self.published_at:
            node["datePublished"] = self.published_at.date().isoformat()
        return node


class ReviewPhoto(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("фото"), upload_to="reviews/%Y/%m/", width_field="width", height_field="height", max_length=200
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("фото к отзыву")
        verbose_name_plural = _("фото к отзывам")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.image.name


class ComplaintReason(models.TextChoices):
    OFFENSIVE = "OFFENSIVE", _("Оскорбления или мат")
    SPAM = "SPAM", _("Спам или реклама")
    FALSE = "FALSE", _("Неправда о жилье")
    PERSONAL = "PERSONAL", _("Чужие личные данные")
    OTHER = "OTHER", _("Другое")


class ReviewComplaint(models.Model):
    """A user's complaint about a review; one per user and review, so repeats count once."""

    review = models.ForeignKey(Review, verbose_name=_("отзыв"), on_delete=models.CASCADE, related_name="complaints")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.CASCADE, related_name="review_complaints"
    )
    reason = models.CharField(_("причина"), max_length=10, choices=ComplaintReason.choices)
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("жалоба на отзыв")
        verbose_name_plural = _("жалобы на отзывы")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_complaint_per_user_and_review")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.review_id}"
