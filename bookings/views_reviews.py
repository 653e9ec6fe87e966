"""The guest's review of a completed stay (/bookings/<number>/review/) and complaints about reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bookings.models import Review, ReviewStatus
from bookings.review_forms import ComplaintForm, ReviewForm
from bookings.reviews import complain, review_refusal, submit_review
from bookings.views import own_booking


@never_cache
@login_required
def write_review(request, number):
    booking = own_booking(request, number)
    refusal = review_refusal(booking, request.user)
    if refusal:
        context = {"booking": booking, "refusal": refusal}
        return TemplateResponse(request, "bookings/review_form.html", context, status=403)
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = submit_review(booking=booking, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if review.status == ReviewStatus.PUBLISHED:
                messages.success(request, _("Спасибо за отзыв! Он уже опубликован на странице объекта."))
            else:
                messages.info(request, _("Спасибо за отзыв! Он появится на сайте после проверки модератором."))
            return redirect("bookings:detail", number=booking.number)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "bookings/review_form.html", {"booking": booking, "form": form}, status=status)


@never_cache
@login_required
def complain_about_review(request, pk):
    review = get_object_or_404(Review.objects.published().select_related("rental", "author"), pk=pk)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = complain(review, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Жалоба отправлена. Модератор проверит отзыв."))
            else:
                messages.info(request, _("Вы уже жаловались на этот отзыв; повторная жалоба не нужна."))
            return redirect(f"{review.rental.url}#review-{review.pk}")
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "bookings/review_complaint.html", {"review": review, "form": form}, status=status)
