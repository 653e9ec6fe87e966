"""Who may do what: every role × action × kind of object, in one table.

`docs/permissions.md` is rendered from this table (`manage.py permission_matrix --write`), and
tests/accounts/test_permission_matrix.py checks every cell against Wagtail's own permission machinery
(and the admin's HTTP answers), so the table, the docs and the behaviour cannot drift apart."""

from dataclasses import dataclass, field

from accounts import roles

GUEST = "guest"
MATRIX_ROLES = (GUEST, *roles.ROLES)
ACTIONS = ("view", "add", "edit", "publish", "delete")
EVERYTHING = " ".join(ACTIONS)
SNIPPET_ACTIONS = ("view", "add", "edit", "delete")

# The people behind each column in the demo (demo.staff) and in the test.
ROLE_PLAYERS = {
    GUEST: "an anonymous visitor",
    roles.USER: "user@demo.example.com, a customer",
    roles.MANAGER: "manager@demo.example.com",
    roles.REALTOR: "realtor1@demo.example.com, realtor 1 of agency A «Астана Комфорт»",
    roles.AGENCY_ADMIN: "agency-admin@demo.example.com, admin of agency A",
    roles.BUSINESS_OWNER: "business@demo.example.com, owner of the partner «Skinerica»",
    roles.DEALER: "dealer1@demo.example.com, member of dealer 1 «АвтоПартнер Север» (Avtofamily)",
    roles.EDITOR: "editor@demo.example.com",
    roles.SUPERUSER: "any superuser",
}

ACTION_MEANING = {
    "page": {
        "view": "the admin page explorer lists it (Wagtail's explorable pages under the user's explorable root)",
        "add": "may create one more page of this kind in the same place (`can_add_subpage` and `can_create_at`)",
        "edit": "opens the edit form (`can_edit`)",
        "publish": "may publish or unpublish (`can_publish`)",
        "delete": "may delete (`can_delete`)",
    },
    "snippet": {
        "view": "opens the list in the admin (any of view/add/change/delete)",
        "add": "model permission `add`",
        "edit": "model permission `change`",
        "delete": "model permission `delete`",
    },
    "cabinet": {"view": "sees the data of another person"},
}


@dataclass(frozen=True)
class Row:
    key: str
    kind: str  # "page", "snippet" or "cabinet"
    subject: str  # what the row is about, for the docs
    allowed: dict = field(default_factory=dict)  # role -> the actions it may do, space-separated
    actions: tuple = ACTIONS  # the actions that exist for this kind of object
    pending: str = ""  # set when the object does not exist yet, so the row is not checked

    def expected(self, role, action):
        """True or False; None where the action does not exist for this object."""
        if action not in self.actions:
            return None
        return action in self.allowed.get(role, "").split()


def page(key, subject, editor="", superuser=EVERYTHING, **others):
    return Row(key, "page", subject, {roles.EDITOR: editor, roles.SUPERUSER: superuser, **others})


def snippet(key, subject, editor="", actions=SNIPPET_ACTIONS):
    everything = " ".join(actions)
    return Row(key, "snippet", subject, {roles.EDITOR: editor, roles.SUPERUSER: everything}, actions=actions)


ALL_SNIPPET = " ".join(SNIPPET_ACTIONS)
EVERYTHING_BUT_PUBLISH = "view add edit delete"
SECTION = "view edit publish"  # a page with children: deleting it needs "delete with children" (bulk_delete)
SINGLETON_SECTION = "view edit publish delete"  # one per site: nobody adds a second one

REFERENCE_MODELS = [
    ("city", "City (Справочники)"),
    ("district", "District"),
    ("amenity", "Amenity"),
    ("housingclass", "HousingClass"),
    ("propertytype", "PropertyType"),
    ("developer", "Developer"),
    ("carmake", "CarMake"),
    ("carmodel", "CarModel"),
    ("cartrim", "CarTrim"),
    ("bodytype", "BodyType"),
    ("fueltype", "FuelType"),
    ("transmission", "Transmission"),
    ("drivetype", "DriveType"),
    ("paymenttype", "PaymentType"),
    ("businesscategory", "BusinessCategory"),
]

# The club's models: a business owner sees the rows of their own partner; the superuser the rest.
CLUB_MODELS = [
    ("club_member", "Member (club members who bought from the partner)", "view"),
    ("club_purchase", "Purchase (club purchases)", "view"),
    ("club_ledger", "LedgerEntry (points ledger)", "view"),
    ("club_coupon", "Coupon (club coupons and promo codes)", ALL_SNIPPET),
    ("club_redemption", "CouponRedemption", "view"),
    ("club_partner", "ClubPartner (a partner's club settings)", ALL_SNIPPET),
    ("club_chain", "Chain (cross-promo chains with a step at the partner, and their report)", ALL_SNIPPET),
    ("club_chain_done", "ChainStepDone (chain steps done at the partner)", "view"),
    ("club_offer_event", "OfferEvent (shown, taken, redeemed offers of the partner)", "view"),
]

ROWS = [
    # -- pages ---------------------------------------------------------------------------------------------------
    page("portal", "PortalPage (the portal's home)", editor=SECTION, superuser=SINGLETON_SECTION),
    page("home", "HomePage of a brand (InBack)", editor=SECTION),
    page("home_rentals", "HomePage of ЖильеGO (holds the agencies' rentals section)", editor="view"),
    page("standard", "StandardPage (InBack «О компании»)", editor=EVERYTHING),
    page("standard_rentals", "StandardPage on ЖильеGO («О компании»)", editor="view edit publish delete"),
    page("blog_index", "BlogIndexPage (InBack blog)", editor="view add edit publish"),
    page("blog_post", "BlogPostPage", editor=EVERYTHING),
    page("realty_index", "RealtyIndexPage (InBack catalog)", editor=SECTION, superuser=SINGLETON_SECTION),
    page("complex", "ResidentialComplexPage", editor="view add edit publish"),
    page("apartment", "ApartmentPage", editor=EVERYTHING),
    page("car_index", "CarIndexPage (Avtofamily catalog)", editor="view add edit publish"),
    page("car_ad", "CarAdPage", editor=EVERYTHING),
    page(
        "dealer_catalog",
        "CarIndexPage of dealer 1 (its own catalog)",
        editor="view add edit publish",
        dealer="view edit",
    ),
    page("dealer_ad_own", "CarAdPage of dealer 1, live", editor=EVERYTHING, dealer="view add edit"),
    page(
        "dealer_ad_draft",
        "CarAdPage of dealer 1, a draft in moderation",
        editor=EVERYTHING,
        dealer=EVERYTHING_BUT_PUBLISH,
    ),
    page("dealer_ad_other", "CarAdPage of dealer 2", editor=EVERYTHING),
    page("business_index", "BusinessIndexPage («Свой Круг» partners)", editor=SECTION, superuser=SINGLETON_SECTION),
    page(
        "business_own", "BusinessPage of the business owner (Skinerica)", editor=EVERYTHING, business_owner="view edit"
    ),
    page("business_other", "BusinessPage of another partner", editor=EVERYTHING),
    page("event_index", "EventIndexPage («Свой Круг» events)", editor=SECTION, superuser=SINGLETON_SECTION),
    page("event", "EventPage", editor=EVERYTHING),
    page("rental_index", "RentalIndexPage (ЖильеGO search)", superuser=SINGLETON_SECTION),
    page(
        "agency_folder",
        "AgencyFolderPage of agency A",
        realtor="view",
        agency_admin="view edit publish",
    ),
    page("agency_folder_other", "AgencyFolderPage of agency B"),
    page(
        "rental_own",
        "RentalPropertyPage of realtor 1 (agency A)",
        realtor="view add edit",
        agency_admin=EVERYTHING,
    ),
    page(
        "rental_colleague",
        "RentalPropertyPage of realtor 2 (agency A)",
        realtor="add",
        agency_admin=EVERYTHING,
    ),
    page("rental_other_agency", "RentalPropertyPage of realtor 3 (agency B)"),
    page("rental_no_agency", "RentalPropertyPage outside any agency"),
    # -- snippets, settings, models ------------------------------------------------------------------------------
    snippet("navigation_menu", "NavigationMenu (Меню)", editor=ALL_SNIPPET),
    snippet("blog_author", "BlogAuthor", editor=ALL_SNIPPET),
    snippet("brand_settings", "BrandSettings (site setting)", editor="edit", actions=("edit",)),
    snippet("bank", "Bank (mortgage programmes)", editor=ALL_SNIPPET),
    snippet("redirect", "Redirect", editor=ALL_SNIPPET),
    *(snippet(key, subject) for key, subject in REFERENCE_MODELS),
    snippet("agency", "Agency"),
    Row(
        "dealer",
        "snippet",
        "Dealer (Avtofamily partner dealers; a member sees their own dealer's row)",
        {roles.DEALER: "view", roles.SUPERUSER: ALL_SNIPPET},
        SNIPPET_ACTIONS,
    ),
    snippet("user_account", "User accounts (Wagtail's user admin)"),
    snippet("api_key", "ApiKey (keys of the public API v1; what a key may write: its owner's page permissions)"),
    Row(
        "lead",
        "snippet",
        "Lead (CRM «Заявки»; which rows: leads.permissions)",
        {roles.MANAGER: "view add", roles.SUPERUSER: "view add delete"},
        actions=SNIPPET_ACTIONS,
    ),
    # -- cross-posting (publishing/policies.py) --------------------------------------------------------------------
    Row(
        "publication",
        "snippet",
        "Publication (Кросспостинг; states change only through the monitoring page's actions)",
        {roles.MANAGER: "view", roles.SUPERUSER: "view"},
        SNIPPET_ACTIONS,
    ),
    Row(
        "platform_account",
        "snippet",
        "PlatformAccount (cross-posting platforms and their encrypted tokens)",
        {roles.SUPERUSER: "view add edit"},
        SNIPPET_ACTIONS,
    ),
    # -- the support assistant (which rows: assistant/permissions.py) ---------------------------------------------
    *(
        Row(key, "snippet", subject, {roles.MANAGER: "view", roles.SUPERUSER: ALL_SNIPPET}, SNIPPET_ACTIONS)
        for key, subject in (
            ("assistant_bot", "Bot (support bots: a brand's sales staff view theirs, its head of sales edits)"),
            ("assistant_faq", "FAQ (the bot's questions and answers; rows as its bot)"),
            ("assistant_template", "AnswerTemplate (the bot's answer templates; rows as its bot)"),
        )
    ),
    Row(
        "assistant_provider",
        "snippet",
        "LLMProvider (a bot's language models and keys: the head of sales of its site and the superuser)",
        {roles.SUPERUSER: ALL_SNIPPET},
        SNIPPET_ACTIONS,
    ),
    Row(
        "assistant_shop",
        "snippet",
        "MarketplaceShop (a bot's marketplace and chat shops, keys: the head of sales of its site, the superuser)",
        {roles.SUPERUSER: ALL_SNIPPET},
        SNIPPET_ACTIONS,
    ),
    Row(
        "assistant_marketplace_question",
        "snippet",
        "MarketplaceQuestion (buyers' questions and drafted answers: the brand's sales staff edit and approve; "
        "they come only from the marketplaces, the head of sales deletes)",
        {roles.MANAGER: "view edit", roles.SUPERUSER: "view edit delete"},
        SNIPPET_ACTIONS,
    ),
    # -- the club «Свой Круг» (which rows: loyalty/admin/policies.py) ----------------------------------------------
    *(
        Row(key, "snippet", subject, {roles.BUSINESS_OWNER: "view", roles.SUPERUSER: superuser}, SNIPPET_ACTIONS)
        for key, subject, superuser in CLUB_MODELS
    ),
    Row(
        "club_rules",
        "snippet",
        "ClubRules (the club's rules, with revisions)",
        {roles.SUPERUSER: "view edit"},
        SNIPPET_ACTIONS,
    ),
    Row(
        "club_offer",
        "snippet",
        "Offer (the partner's offers; approved, that is published, by the superuser through a workflow)",
        {roles.BUSINESS_OWNER: "view add edit", roles.SUPERUSER: ALL_SNIPPET},
        SNIPPET_ACTIONS,
    ),
    Row("club_badge", "snippet", "Badge (the badge catalogue)", {roles.SUPERUSER: "view edit"}, SNIPPET_ACTIONS),
    *(
        Row(key, "snippet", subject, {roles.SUPERUSER: "view"}, SNIPPET_ACTIONS)
        for key, subject in (
            ("club_chain_progress", "ChainProgress (members' progress in chains)"),
            ("club_referral", "Referral (invitations and their rewards)"),
            ("club_member_badge", "MemberBadge (badges members earned)"),
        )
    ),
    Row("club_tier_change", "snippet", "TierChange (tier history)", {roles.SUPERUSER: "view"}, SNIPPET_ACTIONS),
    Row(
        "club_discrepancy",
        "snippet",
        "BalanceDiscrepancy (the nightly balance check)",
        {roles.SUPERUSER: "view"},
        SNIPPET_ACTIONS,
    ),
    # -- another person's cabinet --------------------------------------------------------------------------------
    Row(
        "favorites_other",
        "cabinet",
        "Another person's favorites (`/favorites/` shows only one's own)",
        actions=("view",),
    ),
    Row(
        "cabinet_other",
        "cabinet",
        "Another person's cabinet (`/account/…`, `/bookings/<number>/`)",
        actions=("view",),
    ),
]

ROWS_BY_KEY = {row.key: row for row in ROWS}


# Why the table looks the way it does; rendered into the docs under the table.
DECISIONS = [
    "Every staff role opens the Wagtail admin (`wagtailadmin.access_admin`); customers (`user`) never do. "
    "Staff roles also set `is_staff`.",
    "Wagtail page permissions pass down the tree and cannot be taken away below. So editors get each brand "
    "site's home (every language) except ЖильеGO's, where they get each top-level section but the rentals "
    "section, which belongs to the agencies; the ЖильеGO home page itself stays with the superuser.",
    "Catalog pages of InBack, Avtofamily and «Свой Круг» are editorial content: editors run them.",
    "An agency is a folder under the rentals section (`AgencyFolderPage`) plus two groups. Its realtors have "
    "*add* on the folder: Wagtail lets the owner of a page edit it with *add* alone, so a realtor edits their "
    "own listings and not a colleague's, and cannot publish, unpublish or delete a live listing. Their changes "
    "go to the agency's review workflow, where the agency admins (add, change, publish, lock, unlock on the "
    "folder) publish them. The admin explorer shows a realtor only their own listings.",
    "A realtor's *add* is on the folder, so the colleague's row shows *add*: adding a new listing beside it.",
    "A business owner changes their own partner page through a group of its own; the club's editors review and "
    "publish the changes (workflow «Проверка партнёров клуба»), because with *publish* Wagtail would also let "
    "the owner delete the page.",
    "Managers get the admin and their dashboard; meetings and deals come with their parts of the leads issue.",
    "Leads: a manager sees and works the leads assigned to them, a head of sales (a manager whose profile says so) "
    "every lead of their sites, the superuser all; any other lead's id is a 404. Nobody edits a lead through a "
    "form (*edit* is refused to all): its history, stage and manager change only through the work view's actions. "
    "*add* records a lead that came by phone and nothing else; web leads come from the sites' forms. Only the "
    "superuser deletes (erasure on request). Reassigning is for the head of sales of the lead's site and the "
    "superuser.",
    "Cross-posting of car ads: managers see every publication (Avtofamily's ads are the company's own), the "
    "monitoring page and the report, and may send a publication again, check it on the platform or withdraw it; "
    "nobody edits a publication through a form. Platform accounts hold the encrypted tokens: the superuser's alone, "
    "and a token is never shown back (only «задан»).",
    "The club «Свой Круг»: members, purchases, the points ledger and coupon uses are written only by "
    "loyalty.services (the cashier, imports, connectors), so nobody adds, edits or deletes them in the admin. A "
    "business owner views the rows of their own partner: its purchases and their ledger lines, its coupons and "
    "settings, and the members who bought from it; a medical partner's purchases keep no description of the service "
    "at all. The club's rules are the superuser's, with a revision per save; Inner Circle is their invitation. "
    "A business owner drafts their partner's offers and submits them to the workflow «Одобрение предложений "
    "клуба»; only the superuser approves (publishes) one, and only a live offer reaches members.",
    "A dealer (Avtofamily partner) owns a car catalog of its own (a CarIndexPage beside the main one) and a group "
    "with *add* and *change* there: its members add and edit the dealer's ads and no one else's, and cannot "
    "publish: every change goes to the workflow «Модерация объявлений дилеров», where the editors approve or send "
    "it back with a comment. A dealer with enough approvals in a row (its own number, or DEALERS_TRUST_AFTER) "
    "publishes without review until an ad is sent back. A member deletes only their own drafts never published. "
    "A member views their own dealer's row; dealers are the superuser's.",
    "API keys are the superuser's: they are made for a partner's user (shown once) and revoked in the admin. A key "
    "writes only where its owner's Wagtail page permissions let them, checked row by row on every call "
    "(tests/api/test_writes.py): a dealer with *add* on the car catalog changes only the ads they own.",
    "Reference data (Справочники), agencies and user accounts are the superuser's (seed 003, 11.4). Editors "
    "manage menus, blog authors, brand settings, mortgage programmes, redirects, promoted search results, "
    "translations, images and documents, and read the search reports of the sites they publish on "
    "(search/admin_views.py).",
    "Images: editors manage every collection; realtors and agency admins upload into «Объекты аренды», business "
    "owners into «Партнёры клуба»; whoever uploaded an image may edit it.",
    "Pages with children need *delete with children* to be deleted; nobody but the superuser has it. One-per-site "
    "pages (portal, most catalogs) cannot be added twice, by anyone.",
]


# -- the docs ----------------------------------------------------------------------------------------------------------

LETTERS = {"view": "V", "add": "A", "edit": "E", "publish": "P", "delete": "D"}
SECTIONS = [
    ("page", "Pages", "Each cell reads V A E P D: view, add, edit, publish, delete."),
    ("snippet", "Snippets, settings and models", "Each cell reads V A E D (publish does not apply to them)."),
    ("cabinet", "Other people's data", "Only *view* applies."),
]


def cell(row, role):
    """E.g. `V·EP·`: the letter where allowed, a dot where refused; actions that do not apply are left out."""
    return "`" + "".join(LETTERS[a] if row.expected(role, a) else "·" for a in row.actions) + "`"


def render_markdown():
    lines = [
        "# Permissions: role × action × object",
        "",
        "Generated from `accounts/permission_matrix.py` by `python manage.py permission_matrix --write`;",
        "`tests/accounts/test_permission_matrix.py` checks every cell against Wagtail's permission machinery",
        "and the admin's answers, and fails when this file and the table differ. Do not edit by hand.",
        "",
        "Roles and their Russian names are in `accounts/roles.py`; model permissions there, collection permissions",
        "in `accounts/access.py`, page permissions where the pages live: `home/access.py` (editors),",
        "`catalog/partners_admin.py` (business owners), `agencies/models.py` and `dealers/models.py`.",
        "The decisions are listed at the end.",
        "",
        "## Who plays each role",
        "",
        "| role | name | in the demo and the test |",
        "|---|---|---|",
        f"| `{GUEST}` | гость | {ROLE_PLAYERS[GUEST]} |",
    ]
    lines += [f"| `{code}` | {role.name} | {ROLE_PLAYERS[code]} |" for code, role in roles.ROLES.items()]
    lines += ["", "## Reading a cell", "", "A letter means allowed, a dot means refused.", ""]
    for kind, meanings in ACTION_MEANING.items():
        lines.append(f"- {kind}: " + "; ".join(f"*{action}* = {meaning}" for action, meaning in meanings.items()))
    header = "| object | " + " | ".join(f"`{role}`" for role in MATRIX_ROLES) + " |"
    rule = "|---|" + "---|" * len(MATRIX_ROLES)
    for kind, title, legend in SECTIONS:
        lines += ["", f"## {title}", "", legend, "", header, rule]
        for row in ROWS:
            if row.kind != kind:
                continue
            subject = row.subject + (f" (not checked yet: {row.pending})" if row.pending else "")
            lines.append(f"| {subject} | " + " | ".join(cell(row, role) for role in MATRIX_ROLES) + " |")
    lines += ["", "## Decisions", ""]
    lines += [f"- {decision}" for decision in DECISIONS]
    return "\n".join(lines) + "\n"
