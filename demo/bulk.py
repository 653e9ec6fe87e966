"""Insert many live pages at once, for `seed_demo --scale N` (load tests with 10 000 listings per vertical).

Wagtail's tree API (`parent.add_child()`) writes one page at a time, ~20 pages a second with the search and
reference index updates. Here the pages are inserted in batches: their treebeard fields (`path`, `depth`,
`numchild`) and Wagtail's (`url_path`, `locale`, `draft_title`, `live`, ...) are computed under the parent,
the `wagtailcore_page` rows are bulk-created, then the rows of the specific tables, the child objects (photos,
hours, ...) and the many-to-many rows; the parents' `numchild` is set and the pages go into the search index.

What this path does not do, on purpose: no revisions (the pages are live without a history; editing one in the
admin starts it), no page signals (`page_published` and friends; callers refresh what depends on them), no
reference index (`manage.py rebuild_references_index` builds it if the usage counts are wanted) and no
validation (`full_clean`): the demo builds valid pages, and slugs are checked for clashes with siblings."""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Substr
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from catalog.filters import forget_filter_choices
from core.sitemaps import forget_sitemaps

BATCH_SIZE = 500


def add_children(pages_by_parent):
    """Insert the unsaved specific pages of {parent page: [pages]} as live children of their parents.

    Child objects and many-to-many values assigned in memory (`page.photos = [...]`, `page.amenities = [...]`)
    are stored too. The pages get their primary keys; returns how many pages were added."""
    pages_by_parent = {parent: pages for parent, pages in pages_by_parent.items() if pages}
    if not pages_by_parent:
        return 0
    with transaction.atomic():
        parents = _lock(pages_by_parent)
        pages = []
        for parent, children in pages_by_parent.items():
            _place(parents[parent.pk], children)
            pages.extend(children)
        related = [_related_in_memory(page) for page in pages]
        # The base rows: Page's queryset only reads the Page fields of these specific instances.
        Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
        by_model = defaultdict(list)
        for page in pages:
            page.page_ptr_id = page.id
            by_model[type(page)].append(page)
        for model, model_pages in by_model.items():
            _insert_specific_rows(model, model_pages)
        _insert_related(pages, related)
        _update_numchild(parents, pages_by_parent)
        for model, model_pages in by_model.items():
            _index_for_search(model, model_pages)
        # The filter options list what is live (e.g. the cities with rentals); no signal tells them here.
        transaction.on_commit(forget_filter_choices)
        transaction.on_commit(forget_sitemaps)
    return len(pages)


def _lock(pages_by_parent):
    """{parent pk: Page} read afresh with its row locked, plus the slugs and last path step of its children."""
    locked = Page.objects.select_for_update().filter(pk__in=[parent.pk for parent in pages_by_parent])
    parents = {page.pk: page for page in locked}
    for parent in parents.values():
        parent.child_slugs, parent.last_step, parent.child_count = set(), 0, 0
    # All the existing children in one query: a child's path is its parent's path plus one step.
    children = (
        Page.objects.filter(depth__in={parent.depth + 1 for parent in parents.values()})
        .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * Page.steplen))
        .filter(parent_path__in=[parent.path for parent in parents.values()])
        .values_list("parent_path", "path", "slug")
    )
    by_path = {parent.path: parent for parent in parents.values()}
    for parent_path, path, slug in children:
        parent = by_path[parent_path]
        parent.child_slugs.add(slug)
        parent.last_step = max(parent.last_step, Page._str2int(path[-Page.steplen :]))
        parent.child_count += 1
    return parents


def _place(parent, pages):
    """Give each page its place under `parent`: tree path, URL path, locale and the live, published state."""
    now = timezone.now()
    for step, page in enumerate(pages, start=parent.last_step + 1):
        if page.slug in parent.child_slugs:
            raise ValueError(f"The slug {page.slug!r} is already used under {parent.url_path!r}.")
        parent.child_slugs.add(page.slug)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.draft_title or page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at
        page._cached_parent_obj = parent


def _related_in_memory(page):
    """The page's child objects and many-to-many targets as assigned in memory: [(relation, objects)]."""
    model = type(page)
    accessors = [(rel, rel.get_accessor_name()) for rel in get_all_child_relations(model)]
    accessors += [(field, field.name) for field in get_all_child_m2m_relations(model)]
    # On an unsaved page the managers return only what was assigned, without a query.
    return [(relation, list(getattr(page, accessor).all())) for relation, accessor in accessors]


def _insert_specific_rows(model, pages):
    """The rows of the page type's own table. Django's bulk_create refuses multi-table inheritance, so this
    uses the insert that Model.save() runs for the child table (`_insert`), a batch of rows at a time."""
    parents = model._meta.get_parent_list()
    if parents != [Page]:
        raise TypeError(f"{model.__name__} must inherit from Page directly, not via {parents}.")
    fields = model._meta.local_concrete_fields
    batch = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, pages))
    for start in range(0, len(pages), batch):
        model._base_manager._insert(pages[start : start + batch], fields=fields)


def _insert_related(pages, related):
    rows = defaultdict(list)
    for page, relations in zip(pages, related, strict=True):
        for relation, objects in relations:
            if relation.many_to_many:  # a ParentalManyToManyField: rows of its through table
                through = relation.remote_field.through
                source = through._meta.get_field(relation.m2m_field_name()).attname
                target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
                rows[through].extend(through(**{source: page.pk, target: item.pk}) for item in objects)
            else:  # a ParentalKey: the child objects themselves
                for item in objects:
                    setattr(item, relation.field.attname, page.pk)
                rows[relation.related_model].extend(objects)
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _update_numchild(parents, pages_by_parent):
    """Count the children afresh (existing + added), which also mends a count that had drifted."""
    for parent, pages in pages_by_parent.items():
        fresh = parents[parent.pk]
        fresh.numchild = parent.numchild = fresh.child_count + len(pages)  # the caller's instance too
    Page.objects.bulk_update(parents.values(), ["numchild"], batch_size=BATCH_SIZE)


def _index_for_search(model, pages):
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), BATCH_SIZE):
            backend.add_bulk(model, pages[start : start + BATCH_SIZE])
