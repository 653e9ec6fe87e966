"""How dealers plug into accounts (registered in DealersConfig.ready()): the dealer role needs a dealer (a role
scope of `accounts.roles.set_role` and the superuser's role form), and `setup_roles` grants every dealer its
catalog (a page grant)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from dealers.models import Dealer, DealerMembership


def join_dealer(user, dealer, code):
    DealerMembership.objects.update_or_create(user=user, defaults={"dealer": dealer})


def leave_dealer(user):
    DealerMembership.objects.filter(user=user).delete()


def current_dealer(user):
    membership = DealerMembership.objects.filter(user=user).select_related("dealer").first()
    return membership.dealer if membership else None


def dealer_field():
    return forms.ModelChoiceField(
        Dealer.objects.all(), required=False, label=_("Дилер"), help_text=_("Для сотрудника дилера.")
    )


DEALER_SCOPE = roles.RoleScope(
    name="dealer",
    roles=(roles.DEALER,),
    form_field=dealer_field,
    apply=join_dealer,
    clear=leave_dealer,
    missing_message=_("Выберите дилера: сотрудник дилера работает с объявлениями своего дилера."),
    initial=current_dealer,
)
