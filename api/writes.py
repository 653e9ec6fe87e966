"""The partners' writes: a dealer's car ads and their statuses, a developer's apartments and prices.

Every row is checked against the key owner's Wagtail page permissions, as the admin would: a new ad needs *add*
on the catalog, a change *edit* on that ad (an owner with *add* edits their own ads only), hiding an ad *publish*.
A change is published when the owner may publish, else it waits as a draft for the moderators. One call is one
transaction: a refused row refuses the whole call."""

from anyascii import anyascii
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rest_framework import exceptions
from wagtail.models import PageLogEntry, Revision

from catalog import car_bulk
from catalog.models import ApartmentPage, Building, CarAdPage, ResidentialComplexPage
from catalog.signals import car_ads_changed

STATUS_ACTION = "api.status_change"


def validation_error(error: DjangoValidationError, prefix=""):
    """A model's ValidationError as the API's field errors."""
    if hasattr(error, "error_dict"):
        detail = {
            f"{prefix}{name}" if name != "__all__" else prefix.rstrip(".") or "non_field_errors": [str(m) for m in msgs]
            for name, msgs in error.message_dict.items()
        }
    else:
        detail = {prefix.rstrip(".") or "non_field_errors": [str(m) for m in error.messages]}
    return exceptions.ValidationError(detail)


def refused(ids):
    return exceptions.PermissionDenied(_("Нет прав на часть объектов: %(ids)s.") % {"ids": ", ".join(ids)})


def unique_slug(parent, title, extra=""):
    base = slugify(anyascii(title))[:60] or "item"
    if extra:
        base = f"{base}-{slugify(extra)}"[:80]
    slug, n = base, 1
    siblings = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_and_maybe_publish(page, user):
    """A revision by `user`, published when they may publish the page; True when published."""
    revision = page.save_revision(user=user, log_action=True)
    if page.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        return True
    return False


def _clean(page, prefix=""):
    try:
        page.full_clean()
    except DjangoValidationError as error:
        raise validation_error(error, prefix) from None


# -- car ads ----------------------------------------------------------------------------------------------------------


def create_car(index, user, data):
    if not index.permissions_for_user(user).can_add_subpage():
        raise exceptions.PermissionDenied(_("Ключ не даёт права добавлять объявления в этот каталог."))
    payment_types = data.pop("payment_types", [])
    page = CarAdPage(owner=user, live=False, **data)
    if not page.title:
        page.title = f"{page.make.name} {page.model.name}, {page.year}"
    page.slug = unique_slug(index, page.title, page.vin[-6:] if page.vin else "")
    page.payment_types.set(payment_types)
    add_child(index, page)
    published = save_and_maybe_publish(page, user)
    return CarAdPage.objects.get(pk=page.pk), published


def add_child(parent, page, prefix=""):
    """Put the new page in the tree; its save() runs full_clean (the caller's transaction undoes it on error)."""
    try:
        parent.add_child(instance=page)
    except DjangoValidationError as error:
        raise validation_error(error, prefix) from None


def update_car(page, user, data):
    if not page.permissions_for_user(user).can_edit():
        raise exceptions.PermissionDenied(_("Ключ не даёт права менять это объявление."))
    draft = page.get_latest_revision_as_object()
    payment_types = data.pop("payment_types", None)
    for name, value in data.items():
        setattr(draft, name, value)
    if payment_types is not None:
        draft.payment_types.set(payment_types)
    _clean(draft)
    published = save_and_maybe_publish(draft, user)
    return CarAdPage.objects.get(pk=page.pk), published


def change_car_status(pages_qs, user, ids, status):
    """Set `status` (or hide) on every ad of `ids`, all or none; returns the ids changed.

    A status is an ad's operational field, not its content: it changes on the live row and in the ad's current
    revisions (so the admin's form shows it) in a few queries for any number of ads, without new revisions."""
    pages = {page.pk: page for page in pages_qs.filter(pk__in=ids).select_related(None)}
    missing = [str(pk) for pk in ids if pk not in pages]
    if missing:
        raise exceptions.NotFound(_("Объявления не найдены: %(ids)s.") % {"ids": ", ".join(missing)})
    hide = status == "hidden"
    not_allowed = []
    for pk, page in pages.items():
        tester = page.permissions_for_user(user)
        if not tester.can_edit() or (hide and not tester.can_unpublish()):
            not_allowed.append(str(pk))
    if not_allowed:
        raise refused(not_allowed)
    with transaction.atomic():
        if hide:
            car_bulk.unpublish_ads(pages.values(), user)
            return sorted(pages)
        CarAdPage.objects.filter(pk__in=pages).update(status=status)
        # No page_published for this change: cross-posting hears of it (a sold ad's posts are withdrawn).
        changed = sorted(pages)
        transaction.on_commit(lambda: car_ads_changed.send(sender=CarAdPage, page_ids=changed))
        revision_ids = {
            rid for page in pages.values() for rid in (page.latest_revision_id, page.live_revision_id) if rid
        }
        revisions = list(Revision.objects.filter(pk__in=revision_ids).only("pk", "content"))
        for revision in revisions:
            revision.content["status"] = status
        Revision.objects.bulk_update(revisions, ["content"], batch_size=500)
        now = timezone.now()
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page_id=pk,
                    content_type_id=page.content_type_id,
                    label=page.title[:255],
                    action=STATUS_ACTION,
                    data={"status": status},
                    user=user,
                    timestamp=now,
                )
                for pk, page in pages.items()
            ],
            batch_size=500,
        )
    return sorted(pages)


# -- apartments (a developer's) ---------------------------------------------------------------------------------------


def upload_apartments(complex_page: ResidentialComplexPage, user, items):
    """Create or update the apartments of a complex by their number; all or none."""
    tester = complex_page.permissions_for_user(user)
    if not tester.can_add_subpage():
        raise exceptions.PermissionDenied(_("Ключ не даёт права добавлять квартиры в этот комплекс."))
    numbers = [item["number"] for item in items]
    if len(set(numbers)) != len(numbers):
        raise exceptions.ValidationError({"items": [_("Номера квартир в запросе повторяются.")]})
    existing = {page.number: page for page in ApartmentPage.objects.child_of(complex_page).filter(number__in=numbers)}
    buildings = set(Building.objects.filter(complex=complex_page).values_list("pk", flat=True))
    created, updated, all_published = [], [], True
    for index, item in enumerate(items):
        prefix = f"items.{index}."
        building = item.pop("building")
        if building not in buildings:
            raise exceptions.ValidationError({f"{prefix}building": [_("Такого корпуса нет в этом комплексе.")]})
        page = existing.get(item["number"])
        if page is None:
            page = ApartmentPage(owner=user, live=False, building_id=building, **item)
            page.title = _("Квартира №%(number)s") % {"number": item["number"]}
            page.slug = unique_slug(complex_page, f"kvartira-{item['number']}")
            page.complex_id = complex_page.pk
            add_child(complex_page, page, prefix)
            created.append(page.pk)
            draft = page
        else:
            if not page.permissions_for_user(user).can_edit():
                raise refused([str(page.pk)])
            draft = page.get_latest_revision_as_object()
            for name, value in item.items():
                setattr(draft, name, value)
            draft.building_id = building
            updated.append(page.pk)
        _clean(draft, prefix)
        all_published &= save_and_maybe_publish(draft, user)
    return created, updated, all_published


def update_prices(pages_qs, user, items):
    """New prices of a developer's apartments, each published (so the price history and the complex's figures
    follow, as from the admin); all or none."""
    ids = [item["id"] for item in items]
    pages = {page.pk: page for page in pages_qs.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in pages]
    if missing:
        raise exceptions.NotFound(_("Квартиры не найдены: %(ids)s.") % {"ids": ", ".join(missing)})
    not_allowed = [
        str(pk)
        for pk, page in pages.items()
        if not (page.permissions_for_user(user).can_edit() and page.permissions_for_user(user).can_publish())
    ]
    if not_allowed:
        raise refused(not_allowed)
    for item in items:
        draft = pages[item["id"]].get_latest_revision_as_object()
        draft.price = item["price"]
        draft.save_revision(user=user, log_action=True).publish(user=user)
    return ids
