"""Forms of the review flow: the guest's review with photos, a complaint, the realtor's reply."""

import io
import uuid
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from bookings.models import ComplaintReason
from bookings.models.reviews import REPLY_TEXT_MAX, REVIEW_TEXT_MAX

MAX_REVIEW_PHOTOS = 3
REVIEW_TEXT_MIN = 10
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_STORED_SIDE = 1600  # what we keep: enough for a review, light to serve


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; each goes through FileField's own checks."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(item, initial) for item in files]


def file_name(upload):
    return PurePath(upload.name or "").name


def stored_photo(upload):
    """The photo as we keep it: turned upright, at most 1600 px, WebP, without EXIF (no GPS of the guest's home).

    Raises ValidationError with the guest's words when the file is too big, has too many pixels or is not a
    photo. The pixels are read from the header (Image.open decodes nothing) before anything is decoded."""
    name = file_name(upload)
    max_mb = settings.UPLOAD_MAX_PHOTO_MB
    if upload.size > max_mb * 1024 * 1024:
        raise forms.ValidationError(
            _(
                "Файл «%(name)s» весит %(size)s МБ, а можно не больше %(limit)d МБ. "
                "Уменьшите фото и загрузите его снова."
            ),
            code="too_big",
            params={"name": name, "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","), "limit": max_mb},
        )
    not_a_photo = forms.ValidationError(
        _("Файл «%(name)s» — не фотография. Загрузите снимок в формате JPEG, PNG или WebP."),
        code="not_a_photo",
        params={"name": name},
    )
    megapixels = settings.UPLOAD_MAX_PHOTO_MEGAPIXELS
    too_many_pixels = forms.ValidationError(
        _(
            "У фото «%(name)s» слишком большое разрешение: можно не больше %(limit)d Мп. "
            "Уменьшите фото и загрузите его снова."
        ),
        code="too_many_pixels",
        params={"name": name, "limit": megapixels},
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own guard (images.apps) warns past the limit and refuses past twice it, at open time.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                if probe.format not in PHOTO_FORMATS:
                    raise not_a_photo
                if probe.width * probe.height > megapixels * 1_000_000:
                    raise too_many_pixels
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.draft(image.mode, (PHOTO_STORED_SIDE, PHOTO_STORED_SIDE))  # a JPEG decodes at 1/2..1/8 size
                image.thumbnail((PHOTO_STORED_SIDE, PHOTO_STORED_SIDE))
                image = ImageOps.exif_transpose(image)  # after the thumbnail: no full-size copy
                if image.mode not in ("RGB", "RGBA"):
                    image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
                buffer = io.BytesIO()
                image.save(buffer, "WEBP", quality=82)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_photo from error
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.webp")


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Оценка"),
        choices=[(value, "★" * value) for value in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Поставьте оценку от 1 до 5 звёзд."),
            "invalid_choice": _("Поставьте оценку от 1 до 5 звёзд."),
        },
    )
    text = forms.CharField(
        label=_("Отзыв"),
        min_length=REVIEW_TEXT_MIN,
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Что понравилось, что нет: чистота, расположение, общение с риелтором."),
        error_messages={
            "required": _("Напишите пару слов о проживании."),
            "min_length": _("Отзыв слишком короткий: напишите хотя бы %(limit_value)d символов."),
            "max_length": _("Отзыв длиннее %(limit_value)d символов. Сократите его, пожалуйста."),
        },
    )
    photos = PhotosField(
        label=_("Фото"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "До %(count)d фото, каждое до %(size)d МБ и до %(megapixels)d Мп: JPEG, PNG или WebP."
        ) % {
            "count": MAX_REVIEW_PHOTOS,
            "size": settings.UPLOAD_MAX_PHOTO_MB,
            "megapixels": settings.UPLOAD_MAX_PHOTO_MEGAPIXELS,
        }

    def clean_photos(self):
        uploads = self.cleaned_data["photos"]
        if len(uploads) > MAX_REVIEW_PHOTOS:
            raise forms.ValidationError(
                _("Можно приложить не больше %(limit)d фото, а выбрано %(count)d. Уберите лишние."),
                code="too_many",
                params={"limit": MAX_REVIEW_PHOTOS, "count": len(uploads)},
            )
        photos, errors = [], []
        for upload in uploads:
            try:
                photos.append(stored_photo(upload))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return photos


class ComplaintForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Что не так с отзывом"),
        choices=ComplaintReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите причину жалобы."), "invalid_choice": _("Выберите причину жалобы.")},
    )
    comment = forms.CharField(
        label=_("Подробнее"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Не больше %(limit_value)d символов.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ComplaintReason.OTHER and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Опишите, что не так с отзывом."))
        return cleaned


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Ваш ответ"),
        max_length=REPLY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ответ виден всем под отзывом. Ответить можно один раз."),
        error_messages={
            "required": _("Напишите текст ответа."),
            "max_length": _("Ответ длиннее %(limit_value)d символов. Сократите его."),
        },
    )
