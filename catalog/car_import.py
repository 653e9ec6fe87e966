"""Import and export of car ads (CSV, XLSX) with django-import-export.

A file goes through two passes over the same `CarAdResource`: a dry run that says, row by row, what would be
created, changed, left as it is and refused (with the reason), then, once the user confirms, the import. Rows are
matched to existing ads by VIN (anywhere) or by the dealer's own id (`external_id`, within the catalog), so loading
the same file twice changes nothing. Reference values (make, model, trim, body, fuel, gearbox, drive, city, payment
types) are matched by name with the known spellings (catalog.reference_data.ALIASES): case, Latin or Cyrillic
(«Тойота» is Toyota); an unknown value refuses the row. Photos come by URL (integrations.photos) or from a ZIP sent
with the file.

New ads to publish are inserted in bulk after each chunk (catalog.car_bulk): live pages with a revision and their
log entries, like ads typed in the admin, without Wagtail's per-page save and publish (36 ms an ad). New ads left as
drafts go through Wagtail's page API (add_child, a revision); updates save a revision of the latest draft and
publish it as the admin would. The file is read in chunks of CHUNK rows, each in one transaction, and the job's
counters move after each chunk (the progress bar). Whoever keeps something in step with the ads (cross-posting)
hears of the chunk's bulk-created ads once, by catalog.signals.car_ads_changed."""

import io
import re
import zipfile
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

import tablib
from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.results import RowResult
from modelsearch import index as search_index
from modelsearch import signal_handlers as search_signals
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalog.car_bulk import publish_new_ads
from catalog.models import (
    BodyType,
    CarAdPage,
    CarAdPhoto,
    CarImportJob,
    CarMake,
    CarModel,
    CarTrim,
    City,
    DriveType,
    FuelType,
    PaymentType,
    Transmission,
)
from catalog.models.cars import NEW_CAR_MAX_MILEAGE, already_validated, normalize_vin, vin_checked
from catalog.reference_data import ALIASES, slug_for
from catalog.signals import car_ads_changed
from integrations.photos import PhotoError, check_photo, fetch_photo

HIDDEN = "hidden"  # the status column's value for an ad that is not on the site (unpublished)
COLUMNS = (
    "external_id",
    "vin",
    "title",
    "make",
    "model",
    "trim",
    "year",
    "mileage",
    "price",
    "condition",
    "status",
    "body_type",
    "fuel",
    "transmission",
    "drive",
    "engine_volume",
    "engine_power",
    "colour",
    "city",
    "payment_types",
    "features",
    "description",
    "photos",
)
REQUIRED_COLUMNS = ("make", "model", "year", "price", "body_type", "fuel", "transmission", "drive", "city")
# Russian headers dealers' files use, and the column each means.
HEADER_ALIASES = {
    "код": "external_id",
    "id": "external_id",
    "название": "title",
    "заголовок": "title",
    "марка": "make",
    "модель": "model",
    "комплектация": "trim",
    "год": "year",
    "год выпуска": "year",
    "пробег": "mileage",
    "цена": "price",
    "состояние": "condition",
    "статус": "status",
    "кузов": "body_type",
    "топливо": "fuel",
    "коробка": "transmission",
    "кпп": "transmission",
    "привод": "drive",
    "объём": "engine_volume",
    "объем": "engine_volume",
    "мощность": "engine_power",
    "цвет": "colour",
    "город": "city",
    "оплата": "payment_types",
    "опции": "features",
    "описание": "description",
    "фото": "photos",
}
CHUNK = 500  # rows per transaction (and per bulk insert of new ads); the progress bar moves after each
REPORT_LIMIT = 1000  # rows kept in the job's report; the counters count them all
CONDITIONS = {
    "new": CarAdPage.Condition.NEW,
    "novyi": CarAdPage.Condition.NEW,
    "novaia": CarAdPage.Condition.NEW,
    "used": CarAdPage.Condition.USED,
    "sprobegom": CarAdPage.Condition.USED,
    "bu": CarAdPage.Condition.USED,
    "probeg": CarAdPage.Condition.USED,
}
STATUSES = {
    "available": CarAdPage.Status.AVAILABLE,
    "vprodazhe": CarAdPage.Status.AVAILABLE,
    "prodaetsia": CarAdPage.Status.AVAILABLE,
    "reserved": CarAdPage.Status.RESERVED,
    "zabronirovan": CarAdPage.Status.RESERVED,
    "bron": CarAdPage.Status.RESERVED,
    "rezerv": CarAdPage.Status.RESERVED,
    "sold": CarAdPage.Status.SOLD,
    "prodan": CarAdPage.Status.SOLD,
    "hidden": HIDDEN,
    "skryt": HIDDEN,
    "sniat": HIDDEN,
}
PHOTO_SEPARATORS = re.compile(r"[\s;|,]+")


class ImportFileError(ValidationError):
    """The whole file is refused (too big, not CSV/XLSX, no header): nothing is stored. `field`: "file" or "photos",
    the form field it is about."""

    def __init__(self, message, field="file"):
        super().__init__(message)
        self.field = field


def name_key(value):
    """How a name is compared: Latin letters and digits only, lower case (Cyrillic transliterated), so «Тойота»,
    «TOYOTA» and «toyota» are one key, as are «Land Cruiser Prado» and «land-cruiser-prado»."""
    return re.sub(r"[^a-z0-9]", "", anyascii(str(value or "")).lower())


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # XLSX numbers: 2019.0
    return str(value).strip()


# -- reference data ------------------------------------------------------------------------------------------------


class ReferenceBook:
    """Every reference list the ads use, read once per run, each entry under all its keys (name, code, aliases)."""

    KINDS = {
        "make": CarMake,
        "body_type": BodyType,
        "fuel": FuelType,
        "transmission": Transmission,
        "drive": DriveType,
        "city": City,
        "payment_types": PaymentType,
    }
    LABELS = {
        "make": gettext_lazy("Марка"),
        "model": gettext_lazy("Модель"),
        "trim": gettext_lazy("Комплектация"),
        "body_type": gettext_lazy("Кузов"),
        "fuel": gettext_lazy("Топливо"),
        "transmission": gettext_lazy("Коробка передач"),
        "drive": gettext_lazy("Привод"),
        "city": gettext_lazy("Город"),
        "payment_types": gettext_lazy("Способ оплаты"),
    }

    def __init__(self):
        self.by_kind = {kind: self._keyed(model.objects.all(), kind) for kind, model in self.KINDS.items()}
        self.models = self._keyed(CarModel.objects.all(), "model", scope="make_id")
        self.trims = self._keyed(CarTrim.objects.all(), "trim", scope="model_id")

    @staticmethod
    def _keyed(rows, kind, scope=None):
        aliases = ALIASES.get(kind, {})
        keyed = {}
        for row in rows:
            names = [row.name, row.slug, *aliases.get(row.slug, ())]
            for name in names:
                key = name_key(name)
                if key:
                    keyed.setdefault((getattr(row, scope), key) if scope else key, row)
        return keyed

    def find(self, kind, value, parent=None):
        """The entry `value` names, or ValueError with the reason in Russian."""
        key = name_key(value)
        if kind == "model":
            found = self.models.get((parent.pk, key))
        elif kind == "trim":
            found = self.trims.get((parent.pk, key))
        else:
            found = self.by_kind[kind].get(key)
        if found is not None:
            return found
        if parent is not None:
            raise ValueError(
                _("%(kind)s «%(value)s» не найдена у «%(parent)s» в справочнике.")
                % {"kind": self.LABELS[kind], "value": value, "parent": parent.name}
            )
        raise ValueError(
            _("%(kind)s «%(value)s» не найден(а) в справочнике: исправьте написание или добавьте в «Справочники».")
            % {"kind": self.LABELS[kind], "value": value}
        )


# -- photos --------------------------------------------------------------------------------------------------------


class PhotoArchive:
    """The ZIP of photos sent with the file: its entries by lower-case base name; limits checked on opening."""

    EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")

    def __init__(self, content):
        self.zip = None
        self.entries = {}
        if not content:
            return
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(content))
            infos = [info for info in self.zip.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError):
            raise ImportFileError(_("Архив фотографий не открывается: нужен файл ZIP."), field="photos") from None
        if len(infos) > settings.CAR_IMPORT_ZIP_MAX_FILES:
            raise ImportFileError(
                _("В архиве больше %(count)s файлов: разделите его на части.")
                % {"count": settings.CAR_IMPORT_ZIP_MAX_FILES},
                field="photos",
            )
        # The sizes the archive declares, so that a small «ZIP bomb» is refused before anything is unpacked.
        if sum(info.file_size for info in infos) > settings.CAR_IMPORT_ZIP_MAX_BYTES:
            raise ImportFileError(
                _("Фотографии в архиве занимают больше %(mb)s МБ.")
                % {"mb": settings.CAR_IMPORT_ZIP_MAX_BYTES // (1024 * 1024)},
                field="photos",
            )
        others = [info.filename for info in infos if not info.filename.lower().endswith(self.EXTENSIONS)]
        if others:
            raise ImportFileError(
                _("В архиве не только фото (JPEG, PNG, WebP): %(names)s.") % {"names": ", ".join(others[:5])},
                field="photos",
            )
        self.entries = {info.filename.rsplit("/", 1)[-1].lower(): info for info in infos}

    def check(self, name):
        if name.lower() not in self.entries:
            raise ValueError(_("Фото «%(name)s» нет в архиве.") % {"name": name})

    def read(self, name):
        info = self.entries[name.lower()]
        if info.file_size > settings.CAR_PHOTO_MAX_BYTES:
            raise PhotoError(
                _("Фото %(name)s больше %(mb)s МБ.")
                % {"name": name, "mb": round(settings.CAR_PHOTO_MAX_BYTES / (1024 * 1024), 1)}
            )
        data = self.zip.read(info)
        return data, check_photo(data, name)


def photo_refs(value, archive):
    """The photos a row names (URLs or file names in the ZIP), checked without fetching anything."""
    refs = [ref for ref in PHOTO_SEPARATORS.split(_text(value)) if ref]
    if len(refs) > settings.CAR_IMPORT_MAX_PHOTOS_PER_AD:
        raise ValueError(
            _("Больше %(count)s фото у одного объявления.") % {"count": settings.CAR_IMPORT_MAX_PHOTOS_PER_AD}
        )
    for ref in refs:
        if re.match(r"^https?://", ref, re.IGNORECASE):
            continue
        if archive.zip is None:
            raise ValueError(_("Фото «%(name)s» — не ссылка, а архива с фото нет.") % {"name": ref})
        archive.check(ref)
    return refs


def store_photos(refs, archive, title):
    """Fetch or unpack the photos and save them as images; PhotoError (nothing saved) if any is unusable."""
    files = []
    for number, ref in enumerate(refs, start=1):
        data, extension = fetch_photo(ref) if re.match(r"^https?://", ref, re.IGNORECASE) else archive.read(ref)
        files.append((data, f"{slug_for(title)[:60]}-{number}.{extension}"))
    Image = get_image_model()
    images = []
    for data, file_name in files:
        image = Image(title=title[:255], file=ImageFile(io.BytesIO(data), name=file_name))
        image.save()
        images.append(image)
    return images


# -- the resource --------------------------------------------------------------------------------------------------


class CarAdResource(resources.ModelResource):
    """One row per ad. For export it reads pages; for import, `configure()` it first with the catalog and user."""

    external_id = fields.Field(attribute="external_id", column_name="external_id")
    vin = fields.Field(attribute="vin", column_name="vin")
    title = fields.Field(attribute="title", column_name="title")
    make = fields.Field(attribute="make__name", column_name="make")
    model = fields.Field(attribute="model__name", column_name="model")
    trim = fields.Field(attribute="trim__name", column_name="trim")
    year = fields.Field(attribute="year", column_name="year")
    mileage = fields.Field(attribute="mileage", column_name="mileage")
    price = fields.Field(attribute="price", column_name="price")
    condition = fields.Field(attribute="condition", column_name="condition")
    status = fields.Field(column_name="status")
    body_type = fields.Field(attribute="body_type__name", column_name="body_type")
    fuel = fields.Field(attribute="fuel__name", column_name="fuel")
    transmission = fields.Field(attribute="transmission__name", column_name="transmission")
    drive = fields.Field(attribute="drive__name", column_name="drive")
    engine_volume = fields.Field(attribute="engine_volume", column_name="engine_volume")
    engine_power = fields.Field(attribute="engine_power", column_name="engine_power")
    colour = fields.Field(attribute="colour", column_name="colour")
    city = fields.Field(attribute="city__name", column_name="city")
    payment_types = fields.Field(column_name="payment_types")
    features = fields.Field(column_name="features")
    description = fields.Field(attribute="description", column_name="description")
    photos = fields.Field(column_name="photos")

    class Meta:
        model = CarAdPage
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ()
        skip_diff = True
        use_transactions = True
        report_skipped = True

    def __init__(self, index=None, user=None, archive=None, base_url=""):
        super().__init__()
        self.index, self.user = index, user
        self.archive = archive or PhotoArchive(b"")
        self.base_url = base_url.rstrip("/")
        self.book = None
        self.seen = {}  # key -> the file row that first named it
        self.offset = 1  # the file line of the chunk's first row, less one
        self.saved = []

    # -- export --------------------------------------------------------------------------------------------------

    def dehydrate_status(self, page):
        return page.status if page.live else HIDDEN

    def dehydrate_payment_types(self, page):
        return "; ".join(payment.name for payment in page.payment_types.all())

    def dehydrate_features(self, page):
        return "; ".join(page.feature_list)

    def dehydrate_photos(self, page):
        urls = (photo.image.file.url for photo in page.gallery_images.all())
        return " ".join(url if url.startswith(("http://", "https://")) else self.base_url + url for url in urls)

    # -- import: setup -------------------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        if self.book is not None:
            return  # read once; a file is imported in several chunks
        self.book = ReferenceBook()
        self.by_vin = {
            vin: (pk, path) for vin, pk, path in CarAdPage.objects.exclude(vin="").values_list("vin", "pk", "path")
        }
        self.by_external_id = dict(
            CarAdPage.objects.child_of(self.index).exclude(external_id="").values_list("external_id", "pk")
        )
        perms = self.index.permissions_for_user(self.user)
        self.may_publish = perms.can_publish_subpage()

    def get_or_init_instance(self, instance_loader, row):
        vin, external_id = normalize_vin(_text(row.get("vin"))), _text(row.get("external_id"))
        row_number = self.row_number
        if not vin and not external_id:
            raise ValidationError(
                _("Нет ни VIN, ни кода объявления (external_id): без них повторная загрузка создала бы дубль.")
            )
        for key in filter(None, (f"vin:{vin}" if vin else "", f"id:{external_id}" if external_id else "")):
            first = self.seen.setdefault(key, row_number)
            if first != row_number:
                raise ValidationError(_("Тот же автомобиль, что в строке %(row)s.") % {"row": first})
        pk = None
        if vin and vin in self.by_vin:
            pk, path = self.by_vin[vin]
            if not (path.startswith(self.index.path) and len(path) == len(self.index.path) + CarAdPage.steplen):
                raise ValidationError(_("Автомобиль с VIN %(vin)s уже есть в другом каталоге.") % {"vin": vin})
        elif external_id in self.by_external_id:
            pk = self.by_external_id[external_id]
        if pk is None:
            page = CarAdPage(locale_id=self.index.locale_id, owner=self.user)
            self.before = None
            return page, True
        live = CarAdPage.objects.get(pk=pk)
        if not live.permissions_for_user(self.user).can_edit():
            raise ValidationError(_("Нет прав менять это объявление: «%(title)s».") % {"title": live.title})
        page = live.get_latest_revision_as_object()
        page._live_page = live
        self.before = self.snapshot(page)
        return page, False

    def import_row(self, row, instance_loader, **kwargs):
        self.row_number = kwargs["row_number"] + self.offset
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = self.row_number
        row_result.key = normalize_vin(_text(row.get("vin"))) or _text(row.get("external_id"))
        return row_result

    # -- import: values ------------------------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        errors = {}

        def take(name, parse, required=False):
            raw = _text(row.get(name))
            if not raw:
                if required:
                    errors[name] = _("Не заполнено.")
                return None
            try:
                return parse(raw)
            except ValueError as error:
                errors[name] = str(error)
                return None

        book = self.book
        make = take("make", lambda value: book.find("make", value), required=True)
        if make is not None:
            instance.make = make
            car_model = take("model", lambda value: book.find("model", value, make), required=True)
            if car_model is not None:
                instance.model = car_model
                if "trim" in row:
                    instance.trim = take("trim", lambda value: book.find("trim", value, car_model))
        for kind in ("body_type", "fuel", "transmission", "drive", "city"):
            found = take(kind, lambda value, kind=kind: book.find(kind, value), required=True)
            if found is not None:
                setattr(instance, kind, found)
        if "payment_types" in row:
            payments = take(
                "payment_types",
                lambda value: [book.find("payment_types", part) for part in re.split(r"[;|,]", value) if part.strip()],
            )
            if "payment_types" not in errors:
                instance.payment_types = payments or []

        year = take("year", lambda value: _integer(value, _("Год выпуска")), required=True)
        mileage = take("mileage", lambda value: _integer(value, _("Пробег")))
        price = take("price", lambda value: _decimal(value, _("Цена")), required=True)
        instance.year = year if year is not None else instance.year
        if mileage is not None or instance._state.adding:
            instance.mileage = mileage or 0
        instance.price = price if price is not None else instance.price
        if "engine_volume" in row:
            instance.engine_volume = take("engine_volume", lambda value: _decimal(value, _("Объём двигателя")))
        if "engine_power" in row:
            instance.engine_power = take("engine_power", lambda value: _integer(value, _("Мощность")))

        condition = take("condition", lambda value: _choice(CONDITIONS, value, _("Состояние"), "new, used"))
        if condition is None and instance._state.adding:
            condition = CarAdPage.Condition.NEW if instance.mileage <= NEW_CAR_MAX_MILEAGE else CarAdPage.Condition.USED
        if condition:
            instance.condition = condition
        status = take(
            "status", lambda value: _choice(STATUSES, value, _("Статус"), "available, reserved, sold, hidden")
        )
        instance._hide = status == HIDDEN
        instance._show = status is not None and status != HIDDEN  # a hidden ad comes back only when the file says so
        if status and status != HIDDEN:
            instance.status = status

        vin = normalize_vin(_text(row.get("vin")))
        if vin:
            instance.vin = vin
        external_id = _text(row.get("external_id"))
        if external_id:
            instance.external_id = external_id[:64]
        for name, limit in (("colour", 50), ("description", None)):
            if name in row:
                value = _text(row.get(name))
                setattr(instance, name, value[:limit] if limit else value)
        if "features" in row:
            instance.features = "\n".join(
                part.strip() for part in re.split(r"[;|\n]", _text(row.get("features"))) if part.strip()
            )
        title = _text(row.get("title"))
        if title:
            instance.title = title[:255]
        elif instance._state.adding and "make" not in errors and "model" not in errors and year:
            instance.title = f"{instance.make.name} {instance.model.name}, {year}"
        if instance._state.adding and instance.title:
            instance.slug = slug_for(f"{instance.title} {vin or external_id}")[:255]

        instance._photo_refs = []
        if _text(row.get("photos")) and (instance._state.adding or not instance.gallery_images.exists()):
            instance._photo_refs = take("photos", lambda value: photo_refs(value, self.archive)) or []
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # The tree fields are set by add_child; the VIN's uniqueness is known from by_vin (and the constraint); the
        # foreign keys come from the reference book or from Wagtail, so Django need not check each exists (a query
        # per key and row).
        exclude = {*errors, *RELATIONS, "path", "depth", "url_path", "vin" if not instance.vin else ""}
        token = vin_checked.set(True)  # get_or_init_instance found the VIN's ad in by_vin, or none has it
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        finally:
            vin_checked.reset(token)
        if errors:
            raise ValidationError(errors)

    def snapshot(self, page):
        values = [getattr(page, name) for name in SNAPSHOT_FIELDS]
        return (*values, tuple(sorted(payment.pk for payment in page.payment_types.all())))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance._state.adding or instance._photo_refs:
            return False
        live = instance._live_page.live
        hide = instance._hide and live
        show = instance._show and not live and self.may_publish
        return not (hide or show) and self.snapshot(instance) == self.before

    # -- import: saving ------------------------------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        # A savepoint of the row's own: import-export reports the row's error but would keep its half-done writes.
        token = already_validated.set(True)  # by validate_instance; add_child and publish need not again
        try:
            with transaction.atomic():
                self._save(instance, is_create)
        except PhotoError as error:
            raise ValidationError({"photos": str(error)}) from None
        except DatabaseError as error:
            raise ValidationError(_("Не удалось сохранить: %(error)s") % {"error": str(error)[:200]}) from None
        finally:
            already_validated.reset(token)
        if instance.pk is not None:  # a new ad to publish waits in self.pending for the chunk's bulk insert
            self.saved.append(instance.pk)

    def _save(self, instance, is_create):
        images = store_photos(instance._photo_refs, self.archive, instance.title)
        for image in images:
            instance.gallery_images.add(CarAdPhoto(image=image))
        if images and instance.main_image_id is None:
            instance.main_image = images[0]
        publish = self.may_publish and not instance._hide
        if is_create and publish:
            self.pending.append(instance)  # car_bulk.publish_new_ads, once the chunk's rows are all read
        elif is_create:  # a draft (the user may not publish, or the file hides it): Wagtail's page API
            instance.live = False
            self.index.add_child(instance=instance)
            instance.save_revision(user=self.user, log_action=False, clean=False)
            log(instance=instance, action="wagtail.create", user=self.user, content_changed=True)
            self._remember(instance)
        else:
            revision = instance.save_revision(user=self.user, log_action=True, clean=False)
            live = instance._live_page
            if instance._hide and live.live:
                live.unpublish(user=self.user)
            elif publish and (live.live or instance._show):
                revision.publish(user=self.user)

    def _remember(self, instance):
        if instance.vin:
            self.by_vin[instance.vin] = (instance.pk, instance.path)
        if instance.external_id:
            self.by_external_id[instance.external_id] = instance.pk

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        self.saved, self.pending = [], []
        route_search_index_updates()
        token = search_index_deferred.set(True)
        try:
            with disable_reference_index_auto_update():
                result = super().import_data_inner(dataset, dry_run, *args, **kwargs)
        finally:
            search_index_deferred.reset(token)
        if dry_run or result.has_errors():
            return result  # import-export rolls the chunk back
        # The search and reference indexes once per ad, not once per save (add_child, the revision, the publication).
        for page in CarAdPage.objects.filter(pk__in=self.saved):
            ReferenceIndex.create_or_update_for_object(page)
            search_index.insert_or_update_object(page)
        # New ads to publish: in bulk, with their revision, log entries and index entries (catalog.car_bulk).
        created = [page.pk for page in publish_new_ads(self.index, self.pending, self.user)]
        for page in self.pending:
            self._remember(page)
        if created:
            # Updates publish or unpublish through Wagtail (its signals); the bulk-created ads have none.
            transaction.on_commit(lambda: car_ads_changed.send(sender=CarAdPage, page_ids=created))
        return result


# Set while the import saves ads: their search index entries are written once per ad after the chunk.
search_index_deferred = ContextVar("car_ads_search_index_deferred", default=False)


def _index_unless_deferred(sender, instance, **kwargs):
    if not search_index_deferred.get():
        search_signals.post_save_signal_handler(instance, **kwargs)


def route_search_index_updates():
    """Put the search index's post_save handler for car ads behind `search_index_deferred` (once per process; the
    handler is connected by the search app's ready(), after ours)."""
    if post_save.disconnect(search_signals.post_save_signal_handler, sender=CarAdPage):
        post_save.connect(_index_unless_deferred, sender=CarAdPage, dispatch_uid="car-ads-search-index")


RELATIONS = {field.name for field in CarAdPage._meta.concrete_fields if field.is_relation}
SNAPSHOT_FIELDS = (
    "title",
    "make_id",
    "model_id",
    "trim_id",
    "year",
    "mileage",
    "price",
    "condition",
    "status",
    "body_type_id",
    "fuel_id",
    "transmission_id",
    "drive_id",
    "engine_volume",
    "engine_power",
    "colour",
    "city_id",
    "features",
    "description",
    "vin",
    "external_id",
)


def _integer(value, label):
    cleaned = re.sub(r"[\s\u00a0]|км|km|л\.с\.|hp", "", value, flags=re.IGNORECASE).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("%(label)s — не число: «%(value)s».") % {"label": label, "value": value}) from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(_("%(label)s — целое число не меньше нуля: «%(value)s».") % {"label": label, "value": value})
    return int(number)


def _decimal(value, label):
    cleaned = re.sub(r"[\s\u00a0₽]|руб\.?|л$", "", value, flags=re.IGNORECASE).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("%(label)s — не число: «%(value)s».") % {"label": label, "value": value}) from None
    if number < 0 or not number.is_finite():
        raise ValueError(_("%(label)s не может быть меньше нуля.") % {"label": label})
    return number


def _choice(mapping, value, label, codes):
    found = mapping.get(name_key(value))
    if found is None:
        raise ValueError(
            _("%(label)s «%(value)s» непонятен: пишите %(codes)s.") % {"label": label, "value": value, "codes": codes}
        )
    return found


# -- reading files -------------------------------------------------------------------------------------------------


def read_dataset(name, content):
    """A tablib Dataset of a CSV (UTF-8, comma or semicolon) or XLSX file, its headers as column codes."""
    try:
        if name.lower().endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        else:
            text = content.decode("utf-8-sig")
            first_line = text.split("\n", 1)[0]
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except UnicodeDecodeError:
        raise ImportFileError(_("Файл CSV должен быть в кодировке UTF-8.")) from None
    except Exception:  # noqa: BLE001 - tablib and openpyxl raise many kinds for a broken file
        raise ImportFileError(_("Файл не читается: сохраните его заново как CSV (UTF-8) или XLSX.")) from None
    headers = [_text(header).lower() for header in dataset.headers or []]
    dataset.headers = [HEADER_ALIASES.get(header, header) for header in headers]
    missing = [column for column in REQUIRED_COLUMNS if column not in dataset.headers]
    if missing:
        raise ImportFileError(
            _("В файле нет столбцов: %(columns)s. Нужны хотя бы: %(needed)s, а также vin или external_id.")
            % {"columns": ", ".join(missing), "needed": ", ".join(REQUIRED_COLUMNS)}
        )
    return dataset


def start_import(index, uploaded, photos_zip, *, by) -> CarImportJob:
    """Check the uploaded file (and ZIP) and store them as a job; ImportFileError (nothing stored) if unusable."""
    name = uploaded.name or ""
    if uploaded.size > settings.CAR_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("Файл больше %(mb)s МБ: разделите его на части.") % {"mb": settings.CAR_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ImportFileError(_("Загрузите файл CSV или XLSX."))
    content = uploaded.read()
    dataset = read_dataset(name, content)
    if len(dataset) > settings.CAR_IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("В файле больше %(rows)s строк: разделите его на части.") % {"rows": settings.CAR_IMPORT_MAX_ROWS}
        )
    if not len(dataset):
        raise ImportFileError(_("В файле нет ни одной строки с автомобилем."))
    archive = b""
    if photos_zip:
        if photos_zip.size > settings.CAR_IMPORT_ZIP_MAX_BYTES:
            raise ImportFileError(
                _("Архив фотографий больше %(mb)s МБ.") % {"mb": settings.CAR_IMPORT_ZIP_MAX_BYTES // (1024 * 1024)},
                field="photos",
            )
        if not (photos_zip.name or "").lower().endswith(".zip"):
            raise ImportFileError(_("Фотографии присылайте одним архивом ZIP."), field="photos")
        archive = photos_zip.read()
        PhotoArchive(archive)  # its limits, now, while the user still sees the form
    return CarImportJob.objects.create(
        index=index, created_by=by, file_name=name[:255], content=content, photos=archive, total_rows=len(dataset)
    )


# -- running a job -------------------------------------------------------------------------------------------------

OUTCOMES = {
    RowResult.IMPORT_TYPE_NEW: ("created", "new"),
    RowResult.IMPORT_TYPE_UPDATE: ("updated", "update"),
    RowResult.IMPORT_TYPE_SKIP: ("unchanged", "skip"),
    RowResult.IMPORT_TYPE_INVALID: ("refused", "refused"),
    RowResult.IMPORT_TYPE_ERROR: ("refused", "refused"),
}


def reason_of(row_result):
    if row_result.validation_error is not None:
        error = row_result.validation_error
        if hasattr(error, "error_dict"):
            parts = []
            for field_name, messages in error.message_dict.items():
                label = _column_label(field_name)
                parts += [f"{label}: {message}" if label else message for message in messages]
            return "; ".join(parts)
        return "; ".join(error.messages)
    if row_result.errors:
        return _("Не удалось сохранить: %(error)s") % {"error": str(row_result.errors[0].error)[:200]}
    return ""


def _column_label(field_name):
    if field_name in ("__all__", "title"):
        return "" if field_name == "__all__" else capfirst(_("название"))
    try:
        return capfirst(str(CarAdPage._meta.get_field(field_name).verbose_name))
    except Exception:  # noqa: BLE001 - a column that is not a model field (photos)
        return {"photos": _("Фото")}.get(field_name, field_name)


def run_job(job_id, *, dry_run):
    """The dry run (dry_run=True) or the import of a stored job, chunk by chunk; returns the job."""
    job = CarImportJob.objects.select_related("index", "created_by").get(pk=job_id)
    expected = CarImportJob.Status.CHECKING if dry_run else CarImportJob.Status.IMPORTING
    if job.status != expected:
        return job  # run twice (a retried task): the first run did it
    counts = dict.fromkeys(("created", "updated", "unchanged", "refused"), 0)
    report = []
    try:
        dataset = read_dataset(job.file_name, bytes(job.content))
        index = job.index.specific
        resource = CarAdResource(index=index, user=job.created_by, archive=PhotoArchive(bytes(job.photos)))
        for offset in range(0, len(dataset), CHUNK):
            chunk = tablib.Dataset(*dataset[offset : offset + CHUNK], headers=dataset.headers)
            resource.offset = offset + 1  # file line = header (1) + row number
            result = resource.import_data(chunk, dry_run=dry_run, use_transactions=True)
            # An unexpected error in a row rolls the whole chunk back (import-export): none of its rows is saved.
            rolled_back = not dry_run and result.has_errors()
            for row_result in result.rows:
                counter, action = OUTCOMES[row_result.import_type]
                reason = reason_of(row_result) if action == "refused" else ""
                if rolled_back and action != "refused":
                    counter, action = "refused", "refused"
                    reason = _("Не сохранено: в этой части файла была ошибка, загрузите файл ещё раз.")
                counts[counter] += 1
                if len(report) < REPORT_LIMIT and (action != "skip" or dry_run):
                    report.append({"row": row_result.number, "action": action, "key": row_result.key, "reason": reason})
            CarImportJob.objects.filter(pk=job.pk).update(processed=offset + len(chunk), **counts)
    except ImportFileError as error:
        job.status, job.error = CarImportJob.Status.FAILED, "; ".join(error.messages)[:500]
    except Exception:
        # A bug, not the file: the page stops polling and says so; the worker's log has the traceback.
        CarImportJob.objects.filter(pk=job.pk).update(
            status=CarImportJob.Status.FAILED,
            error=_("Внутренняя ошибка: загрузка остановлена. Строки до неё сохранены; загрузите файл ещё раз."),
            finished_at=timezone.now(),
        )
        raise
    else:
        job.status = CarImportJob.Status.CHECKED if dry_run else CarImportJob.Status.DONE
    job.report = report
    for name, value in counts.items():
        setattr(job, name, value)
    job.processed = job.total_rows
    if job.status != CarImportJob.Status.CHECKED:
        job.finished_at = timezone.now()
        job.content, job.photos = b"", b""  # the file is not needed any more
    job.save()
    return job


def confirm(job):
    """The user saw the dry run and asks for the import."""
    updated = CarImportJob.objects.filter(pk=job.pk, status=CarImportJob.Status.CHECKED).update(
        status=CarImportJob.Status.IMPORTING, processed=0
    )
    return bool(updated)


# -- export --------------------------------------------------------------------------------------------------------


def export_ads(queryset, export_format, base_url=""):
    """(bytes, content type, extension) of the ads in `queryset`, in the import's columns."""
    pages = queryset.select_related(*CarAdPage.RELATED).prefetch_related("payment_types", "gallery_images__image")
    dataset = CarAdResource(base_url=base_url).export(queryset=pages)
    if export_format == "xlsx":
        return dataset.export("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    return dataset.export("csv").encode("utf-8-sig"), "text/csv; charset=utf-8", "csv"


__all__ = [
    "COLUMNS",
    "CarAdResource",
    "ImportFileError",
    "ReferenceBook",
    "confirm",
    "export_ads",
    "name_key",
    "read_dataset",
    "run_job",
    "start_import",
]
