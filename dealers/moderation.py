"""Moderation of the dealers' ads: the shared workflow on every dealer's catalog, the trust ladder's bookkeeping
and the moderator's answer back to the dealer (the outbox: email, Telegram where linked)."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, Workflow, WorkflowPage, WorkflowTask

from accounts import roles
from accounts.access import UPLOAD_IMAGES
from dealers.models import Dealer, DealerMembership, DealerModerationTask, dealer_of_page
from notifications.kinds import EMAIL, TELEGRAM, Kind
from notifications.services import notify, notify_address

WORKFLOW_NAME = "Модерация объявлений дилеров"  # data shown in the admin: Russian whatever the active language
COLLECTIONS_PARENT = "Дилеры"
SENT_BACK = "dealers.sent_back"
DECISION_CONTEXT = ("title", "comment", "url", "dealer", "approvals", "needed", "trusted")

KINDS = (
    Kind(
        "dealer.ad_approved",
        _("Объявление дилера одобрено"),
        frozenset({EMAIL, TELEGRAM}),
        context=DECISION_CONTEXT,
        for_staff=True,
    ),
    Kind(
        "dealer.ad_rejected",
        _("Объявление дилера вернули на доработку"),
        frozenset({EMAIL, TELEGRAM}),
        context=DECISION_CONTEXT,
        for_staff=True,
        optional=False,
    ),
)


def moderators():
    """Who moderates the dealers' ads: the editors (they run the Avtofamily catalog)."""
    return [roles.role_group(roles.EDITOR)]


def moderation_workflow():
    """The one workflow of every dealer's catalog, with its one DealerModerationTask; made on first use."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        task = DealerModerationTask.objects.create(name=WORKFLOW_NAME)
        task.groups.set(moderators())
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def ensure_moderation_workflow(page):
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": moderation_workflow()})


def grant_collection(dealer):
    """The dealer's own image collection: its members upload and choose there, and see no other dealer's photos."""
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=COLLECTIONS_PARENT).first() or root.add_child(name=COLLECTIONS_PARENT)
    name = f"Дилер «{dealer.name}»"
    collection = parent.get_children().filter(name=name).first() or parent.add_child(name=name)
    permissions = {
        f"wagtailimages.{perm.codename}": perm
        for perm in Permission.objects.filter(content_type__app_label="wagtailimages")
    }
    GroupCollectionPermission.objects.filter(group=dealer.group).exclude(collection=collection).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=dealer.group, collection=collection, permission=permissions[codename])
            for codename in UPLOAD_IMAGES
        ],
        ignore_conflicts=True,
    )


def grant_dealer_pages():
    """Every dealer's catalog permissions, collection and workflow (a page grant of accounts.access.setup_roles)."""
    for dealer in Dealer.objects.select_related("group", "root_page"):
        dealer.grant_permissions()


def admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


@transaction.atomic
def decided(task_state, user, *, approved):
    """A moderator approved or sent back a dealer's ad: count it on the trust ladder and tell the dealer."""
    page = task_state.workflow_state.content_object
    dealer = dealer_of_page(page)
    if dealer is None:
        return
    if approved:
        dealer.record_approval()
    else:
        dealer.record_rejection()
    tell_dealer(dealer, page, approved=approved, comment=task_state.get_comment())


def can_send_back(page, user):
    """A live ad of a dealer, and a user who may publish it (a moderator): what «Вернуть дилеру» needs."""
    return page.live and dealer_of_page(page) is not None and page.permissions_for_user(user).can_publish()


@transaction.atomic
def send_back(page, user, comment):
    """Post-moderation of a published ad (a trusted dealer's above all): unpublish it, log the moderator's comment,
    take the dealer's trust away (the count starts over) and tell the dealer."""
    dealer = dealer_of_page(page)
    page.unpublish(user=user)
    log(instance=page, action=SENT_BACK, user=user, data={"comment": comment})
    dealer.record_rejection()
    tell_dealer(dealer, page, approved=False, comment=comment)


def tell_dealer(dealer, page, *, approved, comment):
    context = {
        "title": page.title,
        "comment": comment,
        "url": admin_url("wagtailadmin_pages:edit", page.pk),
        "dealer": dealer.name,
        "approvals": dealer.clean_approvals,
        "needed": dealer.approvals_needed,
        "trusted": dealer.is_trusted,
    }
    kind = "dealer.ad_approved" if approved else "dealer.ad_rejected"
    members = DealerMembership.objects.filter(dealer=dealer, user__is_active=True).select_related("user")
    for membership in members:
        notify(membership.user, kind, context)
    if dealer.email:
        notify_address(EMAIL, dealer.email, kind, context)
