"""Avtofamily's dealers (partners): each owns a car catalog of its own (a CarIndexPage under the brand's home) and a
group with page permissions there, so its members add and edit only their dealer's ads and cannot publish them:
every change goes to the moderation workflow (DealerModerationTask), which approves it at once for a trusted dealer.

Membership rows are the source of truth; the user's groups follow them (`sync_member_groups`)."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import AbstractGroupApprovalTask, GroupPagePermission, Page, TaskState, WorkflowPage

from catalog.models import CarIndexPage

__all__ = [
    "AdViewDay",
    "Dealer",
    "DealerMembership",
    "DealerModerationTask",
    "dealer_of",
    "dealer_of_page",
    "sync_member_groups",
]

MEMBER_PAGE_ACTIONS = ("add", "change")


class Dealer(ClusterableModel):
    """A partner dealer: its catalog page, its members, and its standing with the moderators."""

    name = models.CharField(
        _("название"), max_length=100, unique=True, help_text=_("Как дилер называется для покупателей и в админке.")
    )
    root_page = models.OneToOneField(
        CarIndexPage,
        verbose_name=_("каталог дилера"),
        on_delete=models.PROTECT,
        related_name="dealer",
        help_text=_("Каталог дилера на сайте Avtofamily; его объявления создаются внутри него."),
    )
    email = models.EmailField(
        _("email для уведомлений"),
        blank=True,
        help_text=_("Куда ещё, кроме сотрудников дилера, писать о решениях модератора. Необязательно."),
    )
    trust_after = models.PositiveSmallIntegerField(
        _("доверие после одобрений подряд"),
        null=True,
        blank=True,
        help_text=_(
            "Сколько объявлений подряд модератор должен одобрить без замечаний, чтобы следующие публиковались "
            "без проверки. Пусто — значение сайта по умолчанию; 0 — всегда проверять."
        ),
    )
    clean_approvals = models.PositiveIntegerField(
        _("одобрено подряд"),
        default=0,
        editable=False,
        help_text=_("Одобрений модератора подряд с последнего отклонения."),
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="+", editable=False, null=True, verbose_name=_("группа")
    )

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("root_page"),
        FieldPanel("email"),
        FieldPanel("trust_after"),
        InlinePanel("members", label=_("Сотрудники")),
    ]

    class Meta:
        verbose_name = _("дилер")
        verbose_name_plural = _("дилеры")
        ordering: ClassVar[list] = ["name"]

    def __str__(self):
        return self.name

    # -- trust ---------------------------------------------------------------

    @property
    def approvals_needed(self):
        """N of the trust ladder: this dealer's own, or the site's default (settings.DEALERS_TRUST_AFTER)."""
        return settings.DEALERS_TRUST_AFTER if self.trust_after is None else self.trust_after

    @property
    def is_trusted(self):
        return self.approvals_needed > 0 and self.clean_approvals >= self.approvals_needed

    def record_approval(self):
        Dealer.objects.filter(pk=self.pk).update(clean_approvals=F("clean_approvals") + 1)
        self.refresh_from_db(fields=["clean_approvals"])

    def record_rejection(self):
        Dealer.objects.filter(pk=self.pk).update(clean_approvals=0)
        self.clean_approvals = 0

    # -- groups and permissions ----------------------------------------------

    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.group = self._named_group()
            super().save(*args, **kwargs)
            self.grant_permissions()

    def delete(self, *args, **kwargs):
        group = self.group
        with transaction.atomic():
            WorkflowPage.objects.filter(page_id=self.root_page_id).delete()
            result = super().delete(*args, **kwargs)
            if group is not None:
                group.delete()
        return result

    def _named_group(self):
        # Group names are data, shown in the admin: Russian whatever the active language.
        name = f"Дилер «{self.name}»"
        if self.group is None:
            return Group.objects.get_or_create(name=name)[0]
        if self.group.name != name:
            self.group.name = name
            self.group.save(update_fields=["name"])
        return self.group

    def grant_permissions(self):
        """Add and change on the dealer's catalog (nothing else), its image collection, the moderation workflow."""
        from accounts.access import grant_pages
        from dealers.moderation import ensure_moderation_workflow, grant_collection

        GroupPagePermission.objects.filter(group=self.group).exclude(page_id=self.root_page_id).delete()
        grant_pages(self.group, [self.root_page], MEMBER_PAGE_ACTIONS)
        grant_collection(self)
        ensure_moderation_workflow(self.root_page)


class DealerMembership(models.Model):
    """A person working for a dealer; one dealer at most."""

    dealer = ParentalKey(Dealer, on_delete=models.CASCADE, related_name="members", verbose_name=_("дилер"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dealer_membership",
        verbose_name=_("сотрудник"),
        help_text=_("Учётная запись сотрудника дилера; один человек работает у одного дилера."),
    )

    panels: ClassVar[list] = [FieldPanel("user")]

    class Meta:
        verbose_name = _("сотрудник дилера")
        verbose_name_plural = _("сотрудники дилера")

    def __str__(self):
        return f"{self.user} — {self.dealer}"


def dealer_of(user):
    """The dealer `user` works for, with its catalog page; None if none (read once per user object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_dealer"):
        membership = DealerMembership.objects.filter(user=user).select_related("dealer__root_page").first()
        user._dealer = membership.dealer if membership else None
    return user._dealer


def dealer_of_page(page):
    """The dealer whose catalog holds `page` (an ad, or the catalog itself); None for the company's own ads."""
    paths = [page.path[:length] for length in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return Dealer.objects.filter(root_page__path__in=paths).first()


def sync_member_groups(user):
    """Put the user in their dealer's group (and no other dealer's); the dealer role group is set_role's."""
    membership = DealerMembership.objects.filter(user=user).select_related("dealer").first()
    dealer_groups = set(Dealer.objects.exclude(group=None).values_list("group", flat=True))
    wanted = {membership.dealer.group_id} if membership else set()
    current = set(user.groups.values_list("pk", flat=True))
    user.groups.remove(*(dealer_groups - wanted) & current)
    user.groups.add(*wanted)
    user.__dict__.pop("_dealer", None)


def membership_changed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, get_user_model()):
        return  # the user is being deleted, and their group rows with them
    sync_member_groups(instance.user)


def register_signal_handlers():
    post_save.connect(membership_changed, sender=DealerMembership, dispatch_uid="dealers_membership_saved")
    post_delete.connect(membership_changed, sender=DealerMembership, dispatch_uid="dealers_membership_deleted")


# -- moderation --------------------------------------------------------------------------------------------------------


class DealerModerationTask(AbstractGroupApprovalTask):
    """The moderators (its groups) approve or send back a dealer's ad; a trusted dealer's ad is approved at once.

    The trust ladder: every moderator's approval counts one more clean approval for the dealer, a request for
    changes resets the count; with `approvals_needed` of them in a row the dealer publishes without review."""

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        dealer = dealer_of_page(workflow_state.content_object)
        if dealer is not None and dealer.is_trusted:
            # No user: the log says the system approved it; the workflow then publishes as the submitter.
            task_state.approve(user=None, update=False, comment=str(TRUSTED_COMMENT))
        return task_state

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name not in ("approve", "reject"):
            return
        from dealers.moderation import decided

        task_state.refresh_from_db()
        decided(task_state, user, approved=task_state.status == TaskState.STATUS_APPROVED)

    @classmethod
    def get_description(cls):
        return _("Модераторы проверяют объявления дилера; доверенный дилер публикует без проверки.")

    class Meta:
        verbose_name = _("модерация объявлений дилера")
        verbose_name_plural = _("модерация объявлений дилеров")


TRUSTED_COMMENT = _("Одобрено автоматически: доверенный дилер.")


# -- views -------------------------------------------------------------------------------------------------------------


class AdViewDay(models.Model):
    """How many times an ad's page was served on a day: one row per (ad, day), incremented in place, no session."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("объявление"))
    day = models.DateField(_("день"))
    views = models.PositiveIntegerField(_("просмотры"), default=0)

    class Meta:
        verbose_name = _("просмотры за день")
        verbose_name_plural = _("просмотры по дням")
        constraints: ClassVar[list] = [models.UniqueConstraint(fields=["page", "day"], name="one_adviewday_per_day")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.views}"

    @classmethod
    def count(cls, page_id, day=None):
        """One more view today: one UPDATE, an INSERT only for the day's first view."""
        day = day or timezone.localdate()
        if cls.objects.filter(page_id=page_id, day=day).update(views=F("views") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(page_id=page_id, day=day, views=1)
        except IntegrityError:  # another request made the day's row meanwhile
            cls.objects.filter(page_id=page_id, day=day).update(views=F("views") + 1)
