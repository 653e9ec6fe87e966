"""Reviews after a stay (seed 003, «Отзывы и рейтинги»): one per completed booking, up to three photos,
the spam filter and moderation, the realtor's reply, complaints, and the property's rating kept in step."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from bookings import spam_filter
from bookings.models import BookingStatus, Review, ReviewComplaint, ReviewPhoto, ReviewStatus
from bookings.review_forms import stored_photo
from bookings.reviews import complain, publish_review, reject_review, reply_to_review, submit_review
from catalog.models import RentalPropertyPage
from tests import schemaorg
from tests.bookings.factories import HOST, BookingFactory, RentalFactory, UserFactory
from tests.bookings.helpers import image_upload, png_upload
from tests.utils import node_of_type, parse_html, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def realtor():
    return UserFactory(email="realtor@example.com", permissions=["access_admin", "view_review"])


@pytest.fixture
def superuser():
    return UserFactory(email="root@example.com", superuser=True)


@pytest.fixture
def fresh_rental(realtor):
    """A property with no reviews and no rating yet, owned by `realtor`."""
    return RentalFactory(owner=realtor)


@pytest.fixture
def stay(fresh_rental, guest, future):
    return BookingFactory(rental=fresh_rental, guest=guest, check_in=future(0), completed=True)


def client_for(user):
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def review_url(booking):
    return reverse("bookings:review", kwargs={"number": booking.number})


def rating_of(rental):
    return tuple(RentalPropertyPage.objects.filter(pk=rental.pk).values_list("rating_avg", "rating_count").get())


def post_review(client, booking, rating=5, text="Чисто, тепло, риелтор встретил вовремя.", photos=()):
    return client.post(review_url(booking), {"rating": rating, "text": text, "photos": list(photos)})


def errors_of(response):
    return [item.get_text(" ", strip=True) for item in parse_html(response).select(".errorlist li")]


# -- writing a review ----------------------------------------------------------------------------------------------


def test_guest_reviews_a_completed_stay_and_the_rating_follows(stay, guest, fresh_rental):
    client = client_for(guest)
    form = client.get(review_url(stay))
    assert form.status_code == 200 and parse_html(form).select_one('input[name="rating"][value="5"]')
    response = post_review(client, stay, rating=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:detail", kwargs={"number": stay.number})
    review = Review.objects.get(booking=stay)
    assert (review.status, review.rating, review.author, review.rental_id) == (
        ReviewStatus.PUBLISHED,
        4,
        guest,
        fresh_rental.pk,
    )
    assert review.published_at is not None
    assert rating_of(fresh_rental) == (Decimal("4.00"), 1)
    page = client.get(response["Location"])
    assert "Спасибо за отзыв! Он уже опубликован" in visible_text(page)


def test_three_photos_are_stored_small_and_without_exif(stay, guest):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # any EXIF tag; the GPS block would travel the same way
    big = image_upload("big.jpg", size=(4000, 3000), exif=exif)
    photos = [big, image_upload("b.png", format="PNG"), image_upload("c.webp", format="WEBP")]
    assert post_review(client_for(guest), stay, photos=photos).status_code == 302
    stored = list(ReviewPhoto.objects.filter(review__booking=stay))
    assert len(stored) == 3
    for photo in stored:
        with Image.open(photo.image.path) as image:
            assert image.format == "WEBP"
            assert max(image.size) <= 1600
            assert not image.getexif()
        assert (photo.width, photo.height) == image.size
    assert (stored[0].width, stored[0].height) == (1600, 1200)


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        (lambda: [image_upload(f"p{n}.jpg") for n in range(4)], "Можно приложить не больше 3 фото, а выбрано 4."),
        (
            lambda: [SimpleUploadedFile("huge.jpg", b"\xff\xd8" + b"0" * (8 * 1024 * 1024), "image/jpeg")],
            "Файл «huge.jpg» весит 8,0 МБ, а можно не больше 7 МБ.",
        ),
        (
            lambda: [SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not a photo at all", "image/jpeg")],
            "Файл «notes.jpg» — не фотография. Загрузите снимок в формате JPEG, PNG или WebP.",
        ),
        (
            lambda: [image_upload("anim.gif", format="GIF")],
            "Файл «anim.gif» — не фотография.",
        ),
    ],
    ids=["fourth-photo", "8-mb", "not-an-image", "gif"],
)
def test_bad_photos_are_refused_with_a_message_and_nothing_is_saved(stay, guest, fresh_rental, photos, message):
    response = post_review(client_for(guest), stay, photos=photos())
    assert response.status_code == 400
    assert any(message in error for error in errors_of(response)), errors_of(response)
    assert not Review.objects.filter(booking=stay).exists()
    assert ReviewPhoto.objects.count() == 0
    assert rating_of(fresh_rental) == (Decimal("0"), 0)


# -- memory per upload (issue 12 item 12): the pixels are bounded from the header, before any decoding -------------

TOO_MANY_PIXELS = "слишком большое разрешение: можно не больше 25 Мп. Уменьшите фото и загрузите его снова."


@pytest.mark.parametrize(
    "photo",
    [
        lambda: png_upload("square.png", 7000, 7000),  # 49 Mpx, 48 KB: decoded it would take ~200 MB
        lambda: png_upload("bomb.png", 100_000, 100_000, pixels=False),  # a header and no pixels at all
    ],
    ids=["7000x7000-png", "pixel-bomb-header"],
)
def test_a_photo_with_too_many_pixels_is_refused_and_nothing_is_saved(stay, guest, fresh_rental, photo):
    upload = photo()
    response = post_review(client_for(guest), stay, photos=[upload])
    assert response.status_code == 400
    # The bomb has no image data: decoding it would have said «не фотография», so nothing was decoded.
    assert f"У фото «{upload.name}» {TOO_MANY_PIXELS}" in errors_of(response), errors_of(response)
    assert not Review.objects.filter(booking=stay).exists()
    assert ReviewPhoto.objects.count() == 0


def test_the_pixel_limit_is_a_setting_checked_on_the_header(settings):
    settings.UPLOAD_MAX_PHOTO_MEGAPIXELS = 1  # below Pillow's own guard: our check refuses, not Pillow's
    with pytest.raises(ValidationError, match="можно не больше 1 Мп"):
        stored_photo(png_upload("wide.png", 1200, 1000))
    assert stored_photo(png_upload("fits.png", 1000, 1000)).name.endswith(".webp")


def test_a_sideways_phone_photo_is_stored_upright_and_small():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned 90°
    stored = stored_photo(image_upload("side.jpg", size=(4000, 3000), exif=exif))
    with Image.open(stored) as image:
        assert image.size == (1200, 1600)


def test_the_form_says_the_limits(stay, guest):
    help_text = parse_html(client_for(guest).get(review_url(stay))).get_text(" ", strip=True)
    assert "До 3 фото, каждое до 7 МБ и до 25 Мп: JPEG, PNG или WebP." in help_text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "", "text": "Всё хорошо, спасибо большое."}, "Поставьте оценку от 1 до 5 звёзд."),
        ({"rating": "6", "text": "Всё хорошо, спасибо большое."}, "Поставьте оценку от 1 до 5 звёзд."),
        ({"rating": "5", "text": ""}, "Напишите пару слов о проживании."),
        ({"rating": "5", "text": "Ок"}, "Отзыв слишком короткий"),
        ({"rating": "5", "text": "а" * 3001}, "Отзыв длиннее 3000 символов"),
    ],
)
def test_bad_rating_or_text_is_refused(stay, guest, data, message):
    response = client_for(guest).post(review_url(stay), data)
    assert response.status_code == 400
    assert any(message in error for error in errors_of(response)), errors_of(response)
    assert not Review.objects.exists()


def test_second_review_of_the_same_booking_is_refused(stay, guest, fresh_rental):
    client = client_for(guest)
    post_review(client, stay, rating=5)
    response = post_review(client, stay, rating=1, text="Передумал, всё было ужасно и грязно.")
    assert response.status_code == 403
    assert "Вы уже оставили отзыв об этом проживании" in visible_text(response)
    assert Review.objects.get(booking=stay).rating == 5
    assert rating_of(fresh_rental) == (Decimal("5.00"), 1)
    with pytest.raises(ValidationError, match="уже оставили отзыв"):
        submit_review(booking=stay, author=guest, rating=2, text="Ещё один отзыв на ту же бронь.")
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says the same
        Review.objects.create(booking=stay, rental=fresh_rental, author=guest, rating=3, text="Обход сервиса")


@pytest.mark.parametrize("status", [BookingStatus.HOLD, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN])
def test_only_a_completed_stay_can_be_reviewed(fresh_rental, guest, future, status):
    booking = BookingFactory(rental=fresh_rental, guest=guest, check_in=future(0), status=status)
    client = client_for(guest)
    assert client.get(review_url(booking)).status_code == 403
    response = post_review(client, booking)
    assert response.status_code == 403
    assert "Отзыв можно оставить после выезда" in visible_text(response)
    assert not Review.objects.exists()


def test_someone_elses_booking_cannot_be_reviewed(stay):
    stranger = UserFactory(email="stranger@example.com")
    client = client_for(stranger)
    assert client.get(review_url(stay)).status_code == 404
    assert post_review(client, stay).status_code == 404
    with pytest.raises(ValidationError, match="только гость"):
        submit_review(booking=stay, author=stranger, rating=5, text="Я там не жил, но напишу.")
    anonymous = Client(HTTP_HOST=HOST).post(review_url(stay), {"rating": 5, "text": "Аноним пишет отзыв"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Review.objects.exists()


def test_booking_page_invites_a_review_then_shows_it(stay, guest):
    client = client_for(guest)
    detail = reverse("bookings:detail", kwargs={"number": stay.number})
    assert parse_html(client.get(detail)).select_one(f'a[href="{review_url(stay)}"]') is not None
    post_review(client, stay, text="Отличная квартира, всем советую!")
    page = client.get(detail)
    assert parse_html(page).select_one(f'a[href="{review_url(stay)}"]') is None
    assert "Отличная квартира, всем советую!" in visible_text(page)


# -- the spam filter and moderation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Хозяин мудак, квартира грязная", "стоп-слова: мудак"),
        ("Всё было заебись, спасибо", "стоп-слова: заебись"),
        ("Иесі ақымақ адам екен", "стоп-слова: ақымақ"),
        ("This place is shit honestly", "стоп-слова: shit"),
        ("Ну и xуйня, а не квартира", "стоп-слова: xуйня"),  # a Latin «x»
        ("Лучшие казино тут: заходите", "стоп-слова: казино"),
        ("Дешевле тут: https://example.com/deal", "ссылка или контакт"),
        ("Пишите в телеграм t.me/cheapflats", "ссылка или контакт"),
        ("Смотрите на rent-astana.kz", "ссылка или контакт"),
        ("УЖАСНО ГРЯЗНО И ХОЛОДНО, НИКОМУ НЕ СОВЕТУЮ", "текст заглавными буквами"),
    ],
)
def test_filter_holds_bad_words_links_and_shouting(text, reason):
    assert reason in spam_filter.suspicions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Цена 15 000 рублей за сутки, страхуйтесь сами. Небанальный интерьер!",
        "Тихо, чисто, рядом ТРЦ Керуен и Байтерек. ОТЛИЧНО!",
        "Пәтер өте таза, иесі көмектесті. Рақмет!",
        "Great flat, the host was very helpful.",
    ],
)
def test_filter_lets_ordinary_reviews_through(text):
    assert spam_filter.suspicions(text) == []


def test_suspicious_review_waits_for_the_superuser(stay, guest, superuser, fresh_rental):
    response = post_review(client_for(guest), stay, rating=2, text="Подробности на https://spam.example.com")
    assert response.status_code == 302
    review = Review.objects.get(booking=stay)
    assert review.status == ReviewStatus.PENDING and "ссылка" in review.held_because
    assert rating_of(fresh_rental) == (Decimal("0"), 0)
    page = Client().get(fresh_rental.url, HTTP_HOST=HOST)
    assert "spam.example.com" not in page.content.decode()

    admin = client_for(superuser)
    detail = reverse("bookings_admin:review", args=[review.pk])
    assert admin.post(detail, {"action": "publish"}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED and review.moderated_by == superuser
    assert rating_of(fresh_rental) == (Decimal("2.00"), 1)

    assert admin.post(detail, {"action": "reject"}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    assert rating_of(fresh_rental) == (Decimal("0"), 0)


def test_rating_is_the_rounded_average_of_published_reviews_without_new_revisions(fresh_rental, superuser, future):
    revisions = fresh_rental.revisions.count()
    for position, rating in enumerate([5, 4, 4]):
        guest = UserFactory(email=f"guest{position}@example.com")
        booking = BookingFactory(rental=fresh_rental, guest=guest, check_in=future(3 * position), completed=True)
        submit_review(booking=booking, author=guest, rating=rating, text="Хорошая квартира, всё понравилось.")
    assert rating_of(fresh_rental) == (Decimal("4.33"), 3)
    reject_review(Review.objects.get(rating=5), by=superuser)
    assert rating_of(fresh_rental) == (Decimal("4.00"), 2)
    assert fresh_rental.revisions.count() == revisions
    with pytest.raises(ValidationError, match="уже в статусе"):
        publish_review(Review.objects.filter(rating=4).first(), by=superuser)


def test_only_the_superuser_moderates(stay, guest, realtor):
    review = submit_review(booking=stay, author=guest, rating=1, text="Смотрите www.spam.example.com")
    with pytest.raises(PermissionDenied):
        publish_review(review, by=realtor)
    response = client_for(realtor).post(reverse("bookings_admin:review", args=[review.pk]), {"action": "publish"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


# -- the realtor's reply --------------------------------------------------------------------------------------------


def test_owner_replies_once(stay, guest, realtor):
    review = submit_review(booking=stay, author=guest, rating=4, text="Хорошо, но шумно по вечерам.")
    client = client_for(realtor)
    detail = reverse("bookings_admin:review", args=[review.pk])
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"action": "reply", "text": "Спасибо! Поставили шумоизоляцию."}).status_code == 302
    review.refresh_from_db()
    assert (review.reply, review.reply_author) == ("Спасибо! Поставили шумоизоляцию.", realtor)
    response = client.post(detail, {"action": "reply", "text": "И ещё одно."}, follow=True)
    assert "ответить можно один раз" in visible_text(response)
    review.refresh_from_db()
    assert review.reply == "Спасибо! Поставили шумоизоляцию."
    page = Client().get(stay.rental.url, HTTP_HOST=HOST)
    assert "Поставили шумоизоляцию" in visible_text(page)


def test_empty_reply_is_refused(stay, guest, realtor):
    review = submit_review(booking=stay, author=guest, rating=4, text="Хорошо, но шумно по вечерам.")
    response = client_for(realtor).post(
        reverse("bookings_admin:review", args=[review.pk]), {"action": "reply", "text": "  "}, follow=True
    )
    assert "Напишите текст ответа." in visible_text(response)
    review.refresh_from_db()
    assert review.reply == ""


def test_nobody_but_the_owner_replies(stay, guest, superuser):
    review = submit_review(booking=stay, author=guest, rating=4, text="Хорошо, но шумно по вечерам.")
    other = UserFactory(email="other-realtor@example.com", permissions=["access_admin", "view_review"])
    response = client_for(other).post(
        reverse("bookings_admin:review", args=[review.pk]), {"action": "reply", "text": "Чужой ответ"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    for user in (other, superuser, guest):
        with pytest.raises(PermissionDenied):
            reply_to_review(review, by=user, text="Чужой ответ")
    review.refresh_from_db()
    assert review.reply == ""


# -- complaints -----------------------------------------------------------------------------------------------------


def complain_url(review):
    return reverse("bookings:complain", kwargs={"pk": review.pk})


def test_any_user_complains_once(stay, guest):
    review = submit_review(booking=stay, author=guest, rating=1, text="Ужасная квартира, не советую.")
    neighbour = UserFactory(email="neighbour@example.com")
    client = client_for(neighbour)
    assert client.get(complain_url(review)).status_code == 200
    response = client.post(complain_url(review), {"reason": "FALSE", "comment": "Я хозяйка соседней квартиры"})
    assert response.status_code == 302 and response["Location"].endswith(f"#review-{review.pk}")
    response = client.post(complain_url(review), {"reason": "SPAM"}, follow=True)
    assert "Вы уже жаловались на этот отзыв" in visible_text(response)
    complaint = ReviewComplaint.objects.get()
    assert (complaint.user, complaint.reason) == (neighbour, "FALSE")
    assert complain(review, user=neighbour, reason="SPAM") is False
    assert ReviewComplaint.objects.count() == 1


def test_bad_complaints_are_refused(stay, guest):
    review = submit_review(booking=stay, author=guest, rating=1, text="Ужасная квартира, не советую.")
    neighbour = client_for(UserFactory(email="neighbour@example.com"))
    response = neighbour.post(complain_url(review), {"reason": ""})
    assert response.status_code == 400 and "Выберите причину жалобы." in errors_of(response)
    response = neighbour.post(complain_url(review), {"reason": "OTHER", "comment": " "})
    assert response.status_code == 400 and "Опишите, что не так с отзывом." in errors_of(response)
    response = client_for(guest).post(complain_url(review), {"reason": "SPAM"})
    assert response.status_code == 400 and "Нельзя пожаловаться на собственный отзыв." in visible_text(response)
    anonymous = Client(HTTP_HOST=HOST).post(complain_url(review), {"reason": "SPAM"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert ReviewComplaint.objects.count() == 0


def test_held_reviews_cannot_be_complained_about(stay, guest):
    review = submit_review(booking=stay, author=guest, rating=1, text="ВСЁ УЖАСНО, НИКОМУ НЕ СОВЕТУЮ ЭТО ЖИЛЬЁ")
    assert review.status == ReviewStatus.PENDING
    assert client_for(UserFactory(email="n@example.com")).get(complain_url(review)).status_code == 404


# -- the property page ----------------------------------------------------------------------------------------------


def add_reviews(rental, count, future, offset, with_photos=True):
    for number in range(count):
        guest = UserFactory(email=f"g{offset + number}@example.com")
        guest.first_name = f"Гость{offset + number}"
        guest.save(update_fields=["first_name"])
        booking = BookingFactory(rental=rental, guest=guest, check_in=future(3 * (offset + number)), completed=True)
        photos = [image_upload(f"r{offset + number}-{n}.jpg", size=(320, 240)) for n in range(2 * with_photos)]
        submit_review(
            booking=booking,
            author=guest,
            rating=5 - number % 2,
            text=f"Отзыв номер {offset + number}: чисто и уютно.",
            photos=[stored_photo(photo) for photo in photos],
        )


def page_queries(rental):
    client = Client()
    client.get(rental.url, HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(rental.url, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries), response


def test_property_page_lists_published_reviews_in_constant_queries(fresh_rental, guest, future, stay):
    held = submit_review(booking=stay, author=guest, rating=1, text="Смотрите www.spam.example.com")
    add_reviews(fresh_rental, 2, future, offset=1)
    few, response = page_queries(fresh_rental)
    shown = [item["id"] for item in parse_html(response).select(".review-list .review")]
    assert len(shown) == 2 and f"review-{held.pk}" not in shown
    assert "Гость1" in visible_text(response) and "g1@example.com" not in response.content.decode()
    assert len(parse_html(response).select(".review-photos img")) == 4
    add_reviews(fresh_rental, 10, future, offset=10)
    many, response = page_queries(fresh_rental)
    assert len(parse_html(response).select(".review-list .review")) == 12
    assert many == few


def test_property_jsonld_has_rating_and_reviews_only_when_rated(fresh_rental, future):
    response = Client().get(fresh_rental.url, HTTP_HOST=HOST)
    rental = node_of_type(response, "VacationRental")
    assert "aggregateRating" not in rental and "review" not in rental
    assert "Отзывов пока нет" in visible_text(response)

    add_reviews(fresh_rental, 3, future, offset=1, with_photos=False)
    response = Client().get(fresh_rental.url, HTTP_HOST=HOST)
    rental = node_of_type(response, "VacationRental")
    assert schemaorg.problems(rental) == []
    assert rental["aggregateRating"]["reviewCount"] == 3
    assert Decimal(rental["aggregateRating"]["ratingValue"]) == Decimal("4.67")
    assert len(rental["review"]) == 3
    review = rental["review"][0]
    assert review["@type"] == "Review" and review["reviewRating"]["ratingValue"] in (4, 5)
    assert review["author"] == {"@type": "Person", "name": "Гость3"}


def test_search_sorts_by_the_recalculated_rating(fresh_rental, future):
    add_reviews(fresh_rental, 1, future, offset=1, with_photos=False)
    fresh_rental.refresh_from_db()
    assert (fresh_rental.rating_avg, fresh_rental.rating_count) == (Decimal("5.00"), 1)
    index = fresh_rental.get_parent()
    response = Client().get(index.url, {"sort": "rating", "rating": "4.5"}, HTTP_HOST=HOST)
    titles = [title.get_text(strip=True) for title in parse_html(response).select(".rental-card .card-title")]
    assert fresh_rental.title in titles


# -- the admin list -------------------------------------------------------------------------------------------------


def reviews_list(client, query=""):
    return client.get(reverse("wagtailsnippets_bookings_review:list") + query)


def test_admin_list_scopes_reviews_and_filters_complaints(fresh_rental, realtor, superuser, future):
    add_reviews(fresh_rental, 2, future, offset=1, with_photos=False)
    elsewhere = RentalFactory()
    add_reviews(elsewhere, 1, future, offset=20, with_photos=False)
    complained = Review.objects.filter(rental=fresh_rental).first()
    complain(complained, user=UserFactory(email="n@example.com"), reason="SPAM")

    everything = reviews_list(client_for(superuser))
    assert everything.status_code == 200
    assert len(parse_html(everything).select("tbody tr")) == 3
    own = reviews_list(client_for(realtor))
    assert len(parse_html(own).select("tbody tr")) == 2
    assert elsewhere.title not in visible_text(own)
    with_complaints = reviews_list(client_for(superuser), "?with_complaints=true")
    rows = parse_html(with_complaints).select("tbody tr")
    assert len(rows) == 1 and reverse("bookings_admin:review", args=[complained.pk]) in str(rows[0])
    stranger = client_for(UserFactory(email="plain@example.com", permissions=["access_admin"]))
    assert reviews_list(stranger).status_code == 302
    assert client_for(superuser).get(reverse("wagtailsnippets_bookings_review:add")).status_code == 302


def test_admin_list_query_count_does_not_grow(fresh_rental, superuser, future):
    add_reviews(fresh_rental, 2, future, offset=1, with_photos=False)
    client = client_for(superuser)
    reviews_list(client)
    with CaptureQueriesContext(connection) as few:
        reviews_list(client)
    add_reviews(fresh_rental, 10, future, offset=10, with_photos=False)
    with CaptureQueriesContext(connection) as many:
        reviews_list(client)
    assert len(many) == len(few)
