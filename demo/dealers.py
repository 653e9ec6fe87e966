"""Avtofamily demo dealers: two partner dealers, each with a catalog of its own, a member (demo.staff.ACCOUNTS) and
a few ads at every step of moderation: one approved and live, one sent back with the moderator's comment, others
waiting for review. Idempotent: a dealer that exists is kept, and its ads are made only while it has none."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import CarAdPage, CarIndexPage
from dealers.models import Dealer
from demo.cars import INDEX_SLUG, Reference, build_ad, pictures

# name, catalog slug, intro, the demo ad numbers (far from the main catalog's), what the moderator did to each
DEALERS = [
    (
        "АвтоПартнер Север",
        "avtopartner-sever",
        "Официальный партнёр Avtofamily на севере Санкт-Петербурга: автомобили с пробегом после диагностики.",
        (9001, 9002, 9003),
        ("approve", "reject", None),
    ),
    (
        "Драйв Моторс",
        "drive-motors",
        "Партнёр Avtofamily в Москве: новые и подержанные автомобили, трейд-ин.",
        (9101, 9102),
        (None, None),
    ),
]
REJECT_COMMENT = "Добавьте фото салона и укажите VIN полностью, как в ПТС."
MODERATOR = "editor@demo.example.com"


def main_catalog():
    return CarIndexPage.objects.filter(locale__language_code="ru", slug=INDEX_SLUG).order_by("path").first()


def ensure_dealers():
    """{name: dealer} of the demo dealers, with their catalogs inside the main one (so the brand's list shows their
    ads too); (dealers, objects created)."""
    catalog = main_catalog()
    if catalog is None:
        return {}, 0
    dealers, created = {}, 0
    for name, slug, intro, _numbers, _decisions in DEALERS:
        dealer = Dealer.objects.filter(name=name).first()
        if dealer is None:
            root = CarIndexPage.objects.child_of(catalog).filter(slug=slug).first()
            if root is None:
                root = CarIndexPage(title=name, slug=slug, intro=intro)
                catalog.add_child(instance=root)
                root.save_revision().publish()
                created += 1
            dealer = Dealer.objects.create(name=name, root_page=root, trust_after=3)
            created += 1
        dealers[name] = dealer
    return dealers, created


def decide(dealer, task_state, moderator, decision):
    """The moderator's decision as the workflow records it, and the trust ladder's count; no message is sent to
    the demo people (the admin's buttons go through DealerModerationTask.on_action, which sends them)."""
    if decision == "approve":
        task_state.approve(user=moderator)
        dealer.record_approval()
    else:
        task_state.reject(user=moderator, comment=REJECT_COMMENT)
        dealer.record_rejection()


def seed_ads(dealers, members):
    """The demo ads of each dealer that has none yet, submitted by its member; returns how many were made."""
    moderator = get_user_model().objects.filter(email=MODERATOR).first()
    created = 0
    for name, _slug, _intro, numbers, decisions in DEALERS:
        dealer, member = dealers.get(name), members.get(name)
        if dealer is None or member is None or CarAdPage.objects.child_of(dealer.root_page).exists():
            continue
        images, _made = pictures()
        ref, now = Reference(), timezone.now()
        taken = set(CarAdPage.objects.values_list("vin", flat=True))
        for number, decision in zip(numbers, decisions, strict=True):
            page = build_ad(number, ref, images, now, taken)
            taken.add(page.vin)
            page.live = False
            page.first_published_at = page.last_published_at = None
            page.owner = member
            with transaction.atomic():
                dealer.root_page.add_child(instance=page)
                page.save_revision(user=member)
                state = dealer.root_page.get_workflow().start(page, member)
                if decision and moderator is not None:
                    decide(dealer, state.current_task_state.specific, moderator, decision)
            created += 1
    return created
