"""Reviews in the admin: the superuser moderates (publish / reject), the property's realtor replies.

The list is a snippet viewset (see bookings/wagtail_hooks.py) whose rows open `review_detail`;
nobody edits or deletes a review there, status changes go through bookings.reviews."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView

from bookings.admin.policies import ReviewPermissionPolicy
from bookings.models import Review, ReviewComplaint
from bookings.permissions import can_moderate_reviews, can_reply_to_review
from bookings.review_forms import ReplyForm
from bookings.reviews import publish_review, reject_review, reply_to_review
from core.admin import ScopedSnippetViewSet

# -- list ---------------------------------------------------------------------------------------------------------


class ReviewFilterSet(WagtailFilterSet):
    with_complaints = django_filters.BooleanFilter(label=gettext_lazy("Есть жалобы"), method="filter_with_complaints")

    class Meta:
        model = Review
        fields = ["status", "rating"]

    def filter_with_complaints(self, queryset, name, value):
        complained = Exists(ReviewComplaint.objects.filter(review=OuterRef("pk")))
        return queryset.filter(complained if value else ~complained)


class ReviewIndexView(IndexView):
    def get_edit_url(self, instance):
        return reverse("bookings_admin:review", args=[instance.pk])


class ReviewViewSet(ScopedSnippetViewSet):
    """Superuser: every review. Realtor (with the `view review` permission): reviews of own properties."""

    model = Review
    policy_class = ReviewPermissionPolicy
    icon = "comment"
    menu_label = gettext_lazy("Отзывы")
    index_view_class = ReviewIndexView
    list_display = (
        "__str__",
        "rental",
        "author",
        "status",
        Column("complaint_count", label=gettext_lazy("Жалоб")),
        "created_at",
    )
    filterset_class = ReviewFilterSet
    ordering = ("-created_at",)

    def get_queryset(self, request):
        reviews = super().get_queryset(request).select_related("rental", "author")
        return reviews.annotate(complaint_count=Count("complaints"))


# -- one review -----------------------------------------------------------------------------------------------------


def review_detail(request, pk):
    review = get_object_or_404(Review.objects.select_related("rental", "author", "booking", "reply_author"), pk=pk)
    may_moderate = can_moderate_reviews(request.user)
    may_reply = can_reply_to_review(request.user, review)
    if not (may_moderate or may_reply):
        raise PermissionDenied
    reply_form = ReplyForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                publish_review(review, by=request.user)
                messages.success(request, _("Отзыв опубликован, рейтинг объекта пересчитан."))
            elif action == "reject":
                reject_review(review, by=request.user)
                messages.success(request, _("Отзыв отклонён и скрыт с сайта."))
            elif action == "reply":
                reply_form = ReplyForm(request.POST)
                if not reply_form.is_valid():
                    raise ValidationError(reply_form.errors["text"])
                reply_to_review(review, by=request.user, text=reply_form.cleaned_data["text"])
                messages.success(request, _("Ответ опубликован под отзывом."))
            else:
                raise ValidationError(_("Неизвестное действие."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            return redirect("bookings_admin:review", pk=review.pk)
    context = {
        "review": review,
        "photos": review.photos.all(),
        "complaints": review.complaints.select_related("user"),
        "may_moderate": may_moderate,
        "may_reply": may_reply and not review.reply,
        "reply_form": reply_form,
        "page_title": _("Отзыв"),
        "page_subtitle": review.rental.title,
        "header_title": _("Отзыв о «%(title)s»") % {"title": review.rental.title},
        "header_icon": "comment",
    }
    return TemplateResponse(request, "bookings/admin/review_detail.html", context)
