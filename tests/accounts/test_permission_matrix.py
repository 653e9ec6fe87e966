"""The permission matrix (accounts/permission_matrix.py), checked cell by cell.

Each role's column is checked against Wagtail's own machinery: page permission testers
(`page.permissions_for_user`), the explorer's page policy, the snippets' permission policies; and against
the admin's HTTP answers where that is cheap (the page edit form, the snippet lists, /favorites/).
The same table renders docs/permissions.md, which must match it."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import page_permission_policy

from accounts import roles
from accounts.models import Favorite
from accounts.permission_matrix import ACTIONS, GUEST, MATRIX_ROLES, ROWS, render_markdown
from agencies.models import Agency
from agencies.wagtail_hooks import hide_colleagues_pages
from api.models import ApiKey
from assistant.models import FAQ, AnswerTemplate, Bot, LLMProvider, MarketplaceQuestion, MarketplaceShop
from blog.models import BlogAuthor, BlogIndexPage, BlogPostPage
from bookings.services import GuestDetails, create_hold
from catalog.models import (
    ApartmentPage,
    Bank,
    BusinessIndexPage,
    BusinessPage,
    CarAdPage,
    CarIndexPage,
    EventIndexPage,
    EventPage,
    RealtyIndexPage,
    RentalIndexPage,
    RentalPropertyPage,
    ResidentialComplexPage,
    reference,
)
from dealers.models import Dealer
from demo import staff as demo
from home.models import BrandSettings, NavigationMenu, PortalPage, StandardPage
from leads.models import Lead
from loyalty.models import (
    Badge,
    BalanceDiscrepancy,
    Chain,
    ChainProgress,
    ChainStepDone,
    ClubPartner,
    ClubRules,
    Coupon,
    CouponRedemption,
    LedgerEntry,
    Member,
    MemberBadge,
    Offer,
    OfferEvent,
    Purchase,
    Referral,
    TierChange,
)
from publishing.models import PlatformAccount, Publication

pytestmark = pytest.mark.django_db

User = get_user_model()


def demo_user(email):
    return User.objects.get(email=email)


def player(role):
    """The person in the role's column (see ROLE_PLAYERS in the matrix module)."""
    if role == GUEST:
        return AnonymousUser()
    if role == roles.SUPERUSER:
        return User.objects.create_superuser(email="matrix-superuser@example.com", password="pw")
    email = next(account.email for account in demo.ACCOUNTS if account.role == role)
    return demo_user(email)


def owned_listing(email):
    return RentalPropertyPage.objects.filter(owner=demo_user(email)).order_by("path").first()


def subjects():
    """Each row's object, from the demo every test session starts with."""
    home = Site.objects.get(hostname="inback.localhost").root_page.specific
    rentals_home = Site.objects.get(hostname="zhilego.localhost").root_page.specific
    cars_home = Site.objects.get(hostname="avtofamily.localhost").root_page.specific
    club_home = Site.objects.get(hostname="svoykrug.localhost").root_page.specific
    realty = RealtyIndexPage.objects.child_of(home).get()
    complex_page = ResidentialComplexPage.objects.child_of(realty).order_by("path").first()
    blog = BlogIndexPage.objects.child_of(home).get()
    cars = CarIndexPage.objects.child_of(cars_home).get(slug="cars")  # the main catalog; the dealers have theirs
    dealer_ads = {
        name: CarAdPage.objects.child_of(Dealer.objects.get(name=name).root_page).order_by("path")
        for name in ("АвтоПартнер Север", "Драйв Моторс")
    }
    partners = BusinessIndexPage.objects.child_of(club_home).get()
    own_business = demo.demo_business()
    events = EventIndexPage.objects.child_of(club_home).get()
    rentals = RentalIndexPage.objects.child_of(rentals_home).get()
    return {
        "portal": PortalPage.objects.get(locale__language_code="ru"),
        "home": home,
        "home_rentals": rentals_home,
        "standard": StandardPage.objects.child_of(home).get(slug="about"),
        "standard_rentals": StandardPage.objects.child_of(rentals_home).get(slug="about"),
        "blog_index": blog,
        "blog_post": BlogPostPage.objects.child_of(blog).order_by("path").first(),
        "realty_index": realty,
        "complex": complex_page,
        "apartment": ApartmentPage.objects.child_of(complex_page).order_by("path").first(),
        "car_index": cars,
        "car_ad": CarAdPage.objects.child_of(cars).order_by("path").first(),
        "dealer_catalog": Dealer.objects.get(name="АвтоПартнер Север").root_page,
        "dealer_ad_own": dealer_ads["АвтоПартнер Север"].filter(live=True).first(),
        "dealer_ad_draft": dealer_ads["АвтоПартнер Север"].filter(live=False).last(),
        "dealer_ad_other": dealer_ads["Драйв Моторс"].first(),
        "business_index": partners,
        "business_own": own_business,
        "business_other": BusinessPage.objects.child_of(partners).exclude(pk=own_business.pk).first(),
        "event_index": events,
        "event": EventPage.objects.child_of(events).order_by("path").first(),
        "rental_index": rentals,
        "agency_folder": Agency.objects.get(name="Астана Комфорт").root_page,
        "agency_folder_other": Agency.objects.get(name="Есиль Хоум").root_page,
        "rental_own": owned_listing("realtor1@demo.example.com"),
        "rental_colleague": owned_listing("realtor2@demo.example.com"),
        "rental_other_agency": owned_listing("realtor3@demo.example.com"),
        "rental_no_agency": RentalPropertyPage.objects.child_of(rentals).order_by("path").first(),
        "navigation_menu": NavigationMenu,
        "blog_author": BlogAuthor,
        "brand_settings": BrandSettings,
        "bank": Bank,
        "redirect": Redirect,
        **{key: getattr(reference, model_name) for key, model_name in REFERENCE_CLASSES.items()},
        "agency": Agency,
        "dealer": Dealer,
        "user_account": User,
        "api_key": ApiKey,
        "lead": Lead,
        "publication": Publication,
        "platform_account": PlatformAccount,
        "club_member": Member,
        "club_purchase": Purchase,
        "club_ledger": LedgerEntry,
        "club_coupon": Coupon,
        "club_redemption": CouponRedemption,
        "club_partner": ClubPartner,
        "club_rules": ClubRules,
        "club_tier_change": TierChange,
        "club_discrepancy": BalanceDiscrepancy,
        "club_chain": Chain,
        "club_chain_done": ChainStepDone,
        "club_chain_progress": ChainProgress,
        "club_offer": Offer,
        "club_offer_event": OfferEvent,
        "club_referral": Referral,
        "club_badge": Badge,
        "club_member_badge": MemberBadge,
        "assistant_bot": Bot,
        "assistant_faq": FAQ,
        "assistant_template": AnswerTemplate,
        "assistant_provider": LLMProvider,
        "assistant_shop": MarketplaceShop,
        "assistant_marketplace_question": MarketplaceQuestion,
    }


REFERENCE_CLASSES = {
    "city": "City",
    "district": "District",
    "amenity": "Amenity",
    "housingclass": "HousingClass",
    "propertytype": "PropertyType",
    "developer": "Developer",
    "carmake": "CarMake",
    "carmodel": "CarModel",
    "cartrim": "CarTrim",
    "bodytype": "BodyType",
    "fueltype": "FuelType",
    "transmission": "Transmission",
    "drivetype": "DriveType",
    "paymenttype": "PaymentType",
    "businesscategory": "BusinessCategory",
}


# -- what Wagtail says -------------------------------------------------------------------------------------------------


def page_answers(user, page):
    tester = page.permissions_for_user(user)
    parent = page.get_parent().specific
    return {
        "view": listed_in_explorer(user, page),
        "add": type(page).can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage(),
        "edit": tester.can_edit(),
        "publish": tester.can_publish(),
        "delete": tester.can_delete(),
    }


def listed_in_explorer(user, page):
    """What the admin page explorer can list: Wagtail's explorable pages inside the user's explorable root
    (the explorer redirects anything above it there), then our rule that realtors see only their own."""
    if not user.has_perm(roles.ACCESS_ADMIN):
        return False
    root = page_permission_policy.explorable_root_instance(user)
    if root is None:
        return False
    explorable = page_permission_policy.explorable_instances(user).filter(path__startswith=root.path)
    return hide_colleagues_pages(user, explorable).filter(pk=page.pk).exists()


def snippet_policy(model):
    """The policy the model's admin views check: the snippet viewset's, or the app's own."""
    if model is BrandSettings:
        return BrandSettings.get_permission_policy()
    if model in (User, Redirect):
        return ModelPermissionPolicy(model)
    return model.snippet_viewset.permission_policy


def snippet_answers(user, model):
    policy = snippet_policy(model)
    return {
        "view": policy.user_has_any_permission(user, {"view", "add", "change", "delete"}),
        "add": policy.user_has_permission(user, "add"),
        "edit": policy.user_has_permission(user, "change"),
        "delete": policy.user_has_permission(user, "delete"),
    }


def snippet_index_url(model):
    if model is User:
        return reverse("wagtailusers_users:index")
    if model is Redirect:
        return reverse("wagtailredirects:index")
    if model is BrandSettings:
        site = Site.objects.get(hostname="inback.localhost")
        return reverse("wagtailsettings:edit", args=["home", "brandsettings", site.pk])
    return reverse(model.snippet_viewset.get_url_name("list"))


def sees_someone_elses_favorite(client, user):
    """Another person saves a listing; does /favorites/ show it to `user`?"""
    other = User.objects.create_user(email="someone-else@example.com", password="pw")
    listing = RentalPropertyPage.objects.live().filter(is_active=True).order_by("path").first()
    Favorite.objects.create(user=other, page=listing)
    if user.is_authenticated:
        Favorite.objects.filter(user=user, page=listing).delete()
    response = client.get(reverse("favorites"), HTTP_HOST="zhilego.localhost")
    assert response.status_code == 200
    return listing.pk in {page.pk for page in response.context["favorite_pages"]}


def sees_someone_elses_cabinet(client, user):
    """Another person has a booking and a favorite; do the cabinet pages or the booking page show them to `user`?"""
    other = User.objects.create_user(email="cabinet-owner@example.com", password="pw")
    listing = RentalPropertyPage.objects.live().filter(is_active=True).order_by("path").first()
    Favorite.objects.create(user=other, page=listing)
    day = timezone.localdate() + timedelta(days=300)
    booking = create_hold(
        rental_id=listing.pk,
        guest=other,
        check_in=day,
        check_out=day + timedelta(days=2),
        details=GuestDetails(name="Другой гость", phone="+77010000000"),
    )
    host = {"HTTP_HOST": "zhilego.localhost"}
    if client.get(reverse("bookings:detail", args=[booking.number]), **host).status_code == 200:
        return True
    pages = [client.get(reverse(name), **host) for name in ("cabinet:bookings", "cabinet:favorites")]
    return any(page.status_code == 200 and "Другой гость" in page.content.decode() for page in pages) or any(
        page.status_code == 200 and listing.pk in {p.pk for p in page.context.get("favorite_pages", [])}
        for page in pages
    )


# -- the test ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_permission_matrix(client, role):
    user = player(role)
    if user.is_authenticated:
        client.force_login(user)
    objects = subjects()
    wrong = []

    def check(row, action, actual, how):
        if bool(actual) != row.expected(role, action):
            wrong.append(f"{row.key}.{action}: table says {row.expected(role, action)}, {how} says {bool(actual)}")

    for row in ROWS:
        if row.pending:
            continue
        if row.kind == "page":
            page = objects[row.key]
            for action, allowed in page_answers(user, page).items():
                check(row, action, allowed, "Wagtail")
            edit_form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            check(row, "edit", edit_form.status_code == 200, f"GET edit form ({edit_form.status_code})")
        elif row.kind == "snippet":
            model = objects[row.key]
            answers = snippet_answers(user, model)
            for action in row.actions:
                check(row, action, answers[action], "Wagtail")
            listing = client.get(snippet_index_url(model))
            http_action = row.actions[0]
            check(row, http_action, listing.status_code == 200, f"GET admin list ({listing.status_code})")
        elif row.key == "favorites_other":
            check(row, "view", sees_someone_elses_favorite(client, user), "GET /favorites/")
        elif row.key == "cabinet_other":
            check(row, "view", sees_someone_elses_cabinet(client, user), "GET /account/… and /bookings/<number>/")
        else:
            raise AssertionError(f"No check for the row {row.key}: add one, or mark the row pending.")
    assert not wrong, f"{role}: {len(wrong)} cells differ from the matrix:\n" + "\n".join(wrong)


def test_every_role_and_action_is_in_the_table():
    assert set(MATRIX_ROLES) == {GUEST, *roles.ROLES}
    assert ACTIONS == ("view", "add", "edit", "publish", "delete")
    assert {row.key for row in ROWS if row.kind != "cabinet"} == set(subjects())


def test_docs_match_the_table():
    """docs/permissions.md is rendered from the table; regenerate it with `manage.py permission_matrix --write`."""
    from django.conf import settings

    doc = (settings.BASE_DIR / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert doc == render_markdown(), "docs/permissions.md is stale: run `python manage.py permission_matrix --write`"


def test_matrix_command_prints_the_table(capsys):
    call_command("permission_matrix")
    assert capsys.readouterr().out == render_markdown()
