"""New car ads of an import, inserted in bulk: what Wagtail's add_child + save_revision + publish leave behind,
written a batch at a time instead of one page at a time (36 ms of CPU an ad that way).

Per ad the result is the same as the page API's: a live page under the catalog with its tree path, depth,
url_path and locale, published now; one revision holding the page's content (its latest and live revision); a
`wagtail.create` and a `wagtail.publish` log entry; its photos and payment types; its reference index rows and its
search index entry. What it does not do: send `page_published` for each ad. The import tells who cares
once for all of them: catalog.signals.car_ads_changed (cross-posting), and the caches the signal would have
cleared (sitemaps, filter options, the catalog's list in a shared cache) are cleared here after the commit.
unpublish_ads does the same for many live ads taken off the site (the API's bulk «hidden»)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from catalog.filters import forget_filter_choices
from catalog.models import CarAdPage
from catalog.signals import car_ads_changed
from core.cache import purge_with_lists
from core.sitemaps import forget_sitemaps

BATCH_SIZE = 500


def publish_new_ads(index, pages, user=None):
    """Insert the unsaved CarAdPage instances `pages` (photos and payment types assigned in memory) as live children
    of the car catalog `index`, each with a revision and log entries. The caller holds the transaction. The pages
    get their primary keys and paths."""
    if not pages:
        return []
    now = timezone.now()
    parent = Page.objects.select_for_update().get(pk=index.pk)
    _place(parent, pages, now, user)
    related = [_related_in_memory(page) for page in pages]
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    for page in pages:
        page.page_ptr_id = page.id
        page._state.adding = False
    _insert_specific_rows(pages)
    _insert_related(pages, related)
    Page.objects.filter(pk=parent.pk).update(numchild=Page.objects.child_of(parent).count())
    _revisions_and_logs(pages, now, user)
    _reference_index(pages)
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), BATCH_SIZE):
            backend.add_bulk(CarAdPage, pages[start : start + BATCH_SIZE])
    # What page_published would have cleared for each ad: once for the lot, after the commit.
    transaction.on_commit(forget_sitemaps)
    transaction.on_commit(forget_filter_choices)
    purge_with_lists(instance=index)
    return pages


def _place(parent, pages, now, user):
    """Tree path, URL path, locale and the published state of each page, after the catalog's last child; a slug
    already used under the catalog gets a numeric suffix (the import's slugs carry the VIN, so this is rare)."""
    last_step, slugs = 0, set()
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    for path, slug in children.values_list("path", "slug"):
        last_step = max(last_step, Page._str2int(path[-Page.steplen :]))
        slugs.add(slug)
    for step, page in enumerate(pages, start=last_step + 1):
        base, number = page.slug, 1
        while page.slug in slugs:
            number += 1
            page.slug = f"{base[: 255 - len(str(number)) - 1]}-{number}"
        slugs.add(page.slug)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page.owner = page.owner or user
        page._cached_parent_obj = parent


def _related_in_memory(page):
    """[(relation, objects)] of the page's child objects (photos) and many-to-many values (payment types)."""
    accessors = [(rel, rel.get_accessor_name()) for rel in get_all_child_relations(CarAdPage)]
    accessors += [(field, field.name) for field in get_all_child_m2m_relations(CarAdPage)]
    return [(relation, list(getattr(page, accessor).all())) for relation, accessor in accessors]


def _insert_specific_rows(pages):
    """The rows of catalog_caradpage: Django's bulk_create refuses multi-table inheritance, so this is the insert
    Model.save() runs for the child table, a batch at a time."""
    fields = CarAdPage._meta.local_concrete_fields
    batch = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, pages))
    for start in range(0, len(pages), batch):
        CarAdPage._base_manager._insert(pages[start : start + batch], fields=fields)


def _insert_related(pages, related):
    rows = {}
    for page, relations in zip(pages, related, strict=True):
        for relation, objects in relations:
            if relation.many_to_many:  # a ParentalManyToManyField: rows of its through table
                through = relation.remote_field.through
                source = through._meta.get_field(relation.m2m_field_name()).attname
                target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
                rows.setdefault(through, []).extend(through(**{source: page.pk, target: item.pk}) for item in objects)
                accessor = relation.name
            else:  # a ParentalKey: the photos themselves (the revision then lists them with their ids)
                for order, item in enumerate(objects):
                    setattr(item, relation.field.attname, page.pk)
                    if hasattr(item, "sort_order") and item.sort_order is None:
                        item.sort_order = order
                rows.setdefault(relation.related_model, []).extend(objects)
                accessor = relation.get_accessor_name()
            # Kept in memory, so that the revision, the reference and search indexes read them without a query
            # per page and relation (comments included).
            getattr(page, accessor).set(objects)
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _revisions_and_logs(pages, now, user):
    content_type = ContentType.objects.get_for_model(CarAdPage)
    base_content_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BATCH_SIZE,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    # Two UPDATEs with a subquery rather than bulk_update's CASE over every id (a third of this step's time).
    pages_of_run = Page.objects.filter(pk__in=[page.pk for page in pages])
    own = Revision.objects.filter(base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), CharField()))
    pages_of_run.update(latest_revision_id=Subquery(own.values("pk")[:1]))
    pages_of_run.update(live_revision_id=F("latest_revision_id"))
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {"content_type": content_type, "label": page.title, "timestamp": now, "user": user, "page": page}
        entries.append(PageLogEntry(action="wagtail.create", content_changed=True, **common))
        entries.append(PageLogEntry(action="wagtail.publish", revision=revision, content_changed=True, **common))
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def _reference_index(pages):
    """The rows ReferenceIndex.create_or_update_for_object writes for a new object (there are none to compare)."""
    if not ReferenceIndex.is_indexed(CarAdPage):
        return
    content_type = ContentType.objects.get_for_model(CarAdPage, for_concrete_model=False)
    base_content_type = ContentType.objects.get_for_model(Page)
    rows = []
    for page in pages:
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def unpublish_ads(pages, user=None):
    """Unpublish the live ads among `pages` as Wagtail's UnpublishPageAction does one at a time, in a few queries
    for the lot: not live, with unpublished changes, no live revision, scheduled go-lives dropped, a
    `wagtail.unpublish` log entry each. Instead of page_unpublished per ad, car_ads_changed (cross-posting) and
    the caches hear of them once after the commit. The caller holds the transaction; returns the ids unpublished."""
    pages = [page for page in pages if page.live]
    if not pages:
        return []
    ids = [page.pk for page in pages]
    Page.objects.filter(pk__in=ids).update(live=False, has_unpublished_changes=True, live_revision=None)
    Revision.page_revisions.filter(object_id__in=[str(pk) for pk in ids]).update(approved_go_live_at=None)
    now = timezone.now()
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page_id=page.pk,
                content_type_id=page.content_type_id,
                label=page.title[:255],
                action="wagtail.unpublish",
                user=user,
                timestamp=now,
            )
            for page in pages
        ],
        batch_size=BATCH_SIZE,
    )
    for page in pages:
        page.live, page.has_unpublished_changes, page.live_revision_id = False, True, None
        purge_with_lists(instance=page)
    for alias in Page.objects.filter(alias_of_id__in=ids, live=True).specific():  # none unless an editor made one
        alias.unpublish(log_action=False)
    transaction.on_commit(forget_sitemaps)
    transaction.on_commit(forget_filter_choices)
    transaction.on_commit(lambda: car_ads_changed.send(sender=CarAdPage, page_ids=ids))
    return ids
