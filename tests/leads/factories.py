"""The CRM's rows, built by the test that needs them: managers, leads in any stage, their history, tasks,
meetings, deals and cashback rules. Each lead gets a site of its own (tests/factories.py) unless given one."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts import roles
from leads.clock import leads_time_zone
from leads.models import (
    Appointment,
    CashbackRule,
    Deal,
    Interaction,
    InteractionKind,
    Lead,
    LeadKind,
    LeadStage,
    LostReason,
    ManagerProfile,
    Task,
)
from tests.accounts.factories import UserFactory
from tests.factories import SiteFactory


def at(day, hour, minute=0):
    """That day's hour:minute in LEADS_TIME_ZONE."""
    return datetime.combine(day, time(hour, minute), tzinfo=leads_time_zone())


# -- managers ------------------------------------------------------------------------------------------------------


class ManagerProfileFactory(DjangoModelFactory):
    """A sales manager (the Менеджер role, via roles.set_role) taking leads of `sites` (none unless given),
    Monday to Friday, 9 to 18."""

    user = factory.SubFactory(UserFactory)
    is_head_of_sales = False

    class Meta:
        model = ManagerProfile
        skip_postgeneration_save = True

    class Params:
        head = factory.Trait(is_head_of_sales=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            roles.set_role(self.user, roles.MANAGER)

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)


def manager(email=None, *, sites, head=False, **profile):
    """The user of a new manager profile of these sites (the shape most tests want)."""
    user = {"email": email} if email else {}
    return ManagerProfileFactory(user=UserFactory(**user), sites=sites, head=head, **profile).user


# -- leads ---------------------------------------------------------------------------------------------------------


class LeadFactory(DjangoModelFactory):
    """A consultation request from Анна, +79001234567, with consent; traits for the later stages."""

    site = factory.SubFactory(SiteFactory)
    kind = LeadKind.CONSULTATION
    name = "Анна"
    phone = "+79001234567"
    consent_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Lead

    class Params:
        in_work = factory.Trait(stage=LeadStage.IN_WORK)
        meeting = factory.Trait(stage=LeadStage.MEETING)
        deal = factory.Trait(stage=LeadStage.DEAL)
        won = factory.Trait(stage=LeadStage.WON, closed_at=factory.LazyFunction(timezone.now))
        lost = factory.Trait(
            stage=LeadStage.LOST, lost_reason=LostReason.PRICE, closed_at=factory.LazyFunction(timezone.now)
        )
        viewing = factory.Trait(kind=LeadKind.VIEWING, listing_title="ЖК «Берег», кв. 12")


class InteractionFactory(DjangoModelFactory):
    lead = factory.SubFactory(LeadFactory)
    kind = InteractionKind.NOTE
    text = "Заметка"

    class Meta:
        model = Interaction


class TaskFactory(DjangoModelFactory):
    """A task due in a day, for the lead's manager."""

    lead = factory.SubFactory(LeadFactory)
    manager = factory.LazyAttribute(lambda task: task.lead.manager or UserFactory())
    title = "Перезвонить клиенту"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    created_by = factory.SelfAttribute("manager")

    class Meta:
        model = Task


class AppointmentFactory(DjangoModelFactory):
    """A scheduled one-hour meeting with the lead's manager, in two days at 11:00."""

    lead = factory.SubFactory(LeadFactory, meeting=True)
    manager = factory.LazyAttribute(lambda meeting: meeting.lead.manager or UserFactory())
    starts_at = factory.LazyFunction(lambda: at(timezone.localdate() + timedelta(days=2), 11))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=1))

    class Meta:
        model = Appointment


# -- deals and cashback --------------------------------------------------------------------------------------------


class CashbackRuleFactory(DjangoModelFactory):
    """1 % for the whole site, from any date, without a cap."""

    site = factory.SubFactory(SiteFactory)
    name = factory.LazyAttribute(lambda rule: f"{rule.percent} %")
    percent = Decimal("1")

    class Meta:
        model = CashbackRule


class DealFactory(DjangoModelFactory):
    """A reserved deal row as the services store it, without cashback (use leads.deals.open_deal to open one the
    way a manager does)."""

    lead = factory.SubFactory(LeadFactory, deal=True)
    buyer = factory.LazyAttribute(lambda deal: deal.lead.user)
    object_title = "Квартира для проверки"
    price = Decimal("10000000")
    opened_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.LazyAttribute(lambda deal: deal.lead.manager or UserFactory())

    class Meta:
        model = Deal
