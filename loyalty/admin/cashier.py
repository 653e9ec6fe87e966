"""The cashier screen: partner staff find the member by her QR code (the device camera) or fallback code, enter the
amount, maybe points or a coupon, and the purchase is recorded through loyalty.services (source «касса»).

Who may use it for which partner: the partner's owner (loyalty.admin.policies.owned_partner_ids) and the
superuser, checked on every request. Each form carries a one-time token that becomes the purchase's document
number, so a double submit records the purchase once."""

import uuid
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from accounts import roles
from accounts.admin_menu import RoleMenuItem
from catalog.models import BusinessPage
from core import ratelimit
from core.admin import AdminPageMixin
from core.money import format_rubles
from loyalty import services, wallet
from loyalty.admin.policies import owned_partner_ids
from loyalty.models import ClubRules, Member
from loyalty.services.ledger import points

URL_NAME = "loyalty_cashier"
BAD_CODES_ALLOWED = 10
BAD_CODES_WINDOW = 10 * 60  # seconds
EXTERNAL_ID_PREFIX = "cashier-"


def cashier_partners(user):
    """The partners the user may record purchases for: all of them for the superuser, their own for an owner."""
    if not (user.is_authenticated and user.is_active):
        return BusinessPage.objects.none()
    if user.is_superuser:
        return BusinessPage.objects.filter(locale__language_code="ru").order_by("title")
    return BusinessPage.objects.filter(pk__in=owned_partner_ids(user)).order_by("title")


def with_settings(partners):
    """The partners with their club settings in the same query (record_purchase reads them: ClubPartner.of)."""
    return partners.select_related("club_settings")


def find_member(cashier, code) -> Member:
    """The member behind a scanned QR payload or a typed fallback code, or ClubError (wallet.CodeError).

    A typed code has 4 secret digits per 45-second window, so a cashier gets BAD_CODES_ALLOWED wrong codes per
    BAD_CODES_WINDOW seconds: guessing a member's code (and spending her points) would take thousands of tries."""
    if not (code or "").strip():
        raise services.ClubError(_("Отсканируйте QR-код участницы или введите её код из 8 цифр."), code="no_code")
    key = f"club-cashier-bad-codes:{cashier.pk}"
    if ratelimit.hits(key) >= BAD_CODES_ALLOWED:
        raise services.ClubError(
            _("Слишком много неверных кодов подряд. Попросите участницу показать QR-код ещё раз через 10 минут."),
            code="too_many_codes",
        )
    try:
        return wallet.resolve(code)
    except wallet.CodeError:
        ratelimit.hit(key, BAD_CODES_WINDOW)
        raise


class PartnerField(forms.ModelChoiceField):
    """The partner's choice, taken from the partners the view has already read when it is one of them (an owner's
    one or two partners: no query), else looked up in the queryset as usual."""

    known = {}

    def to_python(self, value):
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError):
            return super().to_python(value)


class CashierForm(forms.Form):
    partner = PartnerField(label=gettext_lazy("Партнёр"), queryset=BusinessPage.objects.none())
    code = forms.CharField(
        label=gettext_lazy("Код участницы"),
        max_length=2000,
        help_text=gettext_lazy("Отсканируйте QR-код камерой или введите код из 8 цифр под ним."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "data-cashier-code": ""}),
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Сумма покупки, ₽"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "data-cashier-amount": ""}),
    )
    spend_points = forms.DecimalField(
        label=gettext_lazy("Оплатить баллами"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        widget=forms.NumberInput(attrs={"step": "0.01", "data-cashier-points": ""}),
    )
    coupon_code = forms.CharField(label=gettext_lazy("Купон или промокод"), required=False, max_length=40)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, partners, first_partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        first_two = list(partners[:2]) if first_partners is None else first_partners
        self.fields["partner"].known = {partner.pk: partner for partner in first_two}
        if len(first_two) == 1:
            self.fields["partner"].initial = first_two[0]
            self.fields["partner"].widget = forms.HiddenInput()

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("Сумма покупки должна быть больше нуля."))
        return amount

    def clean_token(self):
        token = self.cleaned_data["token"]
        try:
            return uuid.UUID(token).hex
        except ValueError:
            raise ValidationError(_("Форма устарела: откройте экран кассы заново.")) from None


class CashierView(AdminPageMixin, FormView):
    template_name = "loyalty/admin/cashier.html"
    page_title = gettext_lazy("Касса клуба")
    header_icon = "tag"
    form_class = CashierForm

    def dispatch(self, request, *args, **kwargs):
        self.partners = with_settings(cashier_partners(request.user))
        self.first_partners = list(self.partners[:2])  # one query: may she use the screen, and is there a choice
        if not self.first_partners:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partners": self.partners, "first_partners": self.first_partners}

    def get_initial(self):
        return {"token": uuid.uuid4().hex}

    def get_context_data(self, **kwargs):
        rules = ClubRules.current()
        return {
            **super().get_context_data(**kwargs),
            "max_points_share": rules.max_points_share,
            "member_url": reverse("loyalty_cashier_member"),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            member = find_member(self.request.user, data["code"])
            purchase, created = services.record_purchase(
                data["partner"],
                EXTERNAL_ID_PREFIX + data["token"],
                data["amount"],
                member,
                source="cashier",
                spend_points=data["spend_points"] or 0,
                coupon_code=data["coupon_code"].strip() or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if not created:
            messages.info(self.request, _("Эта покупка уже записана (форма отправлена повторно)."))
        else:
            earned = getattr(purchase, "earned_points", Decimal(0))  # record_purchase's; a waiting one earns none
            messages.success(
                self.request,
                _("Покупка на %(amount)s записана: %(member)s получит %(points)s баллов после срока возврата.")
                % {
                    "amount": format_rubles(purchase.amount),
                    "member": member.user.get_full_name() or member.phone,
                    "points": format_rubles(earned, sign=False),
                },
            )
        return redirect(URL_NAME)


def member_info(request):
    """JSON for the screen's script: who the code belongs to and how many points she may spend (no writes)."""
    if not cashier_partners(request.user).exists():
        raise PermissionDenied
    try:
        member = find_member(request.user, request.GET.get("code"))
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    rules = ClubRules.current()
    return JsonResponse(
        {
            "name": member.user.first_name or "····" + member.phone[-4:],
            "tier": member.get_tier_display(),
            "available": str(points(member.points_available)),
            "available_text": format_rubles(member.points_available, sign=False),
            "max_share": str(rules.max_points_share),
        }
    )


def menu_item():
    return RoleMenuItem(
        gettext_lazy("Касса клуба"),
        reverse(URL_NAME),
        name="club_cashier",
        icon_name="tag",
        order=91,
        roles_shown={roles.BUSINESS_OWNER, roles.SUPERUSER},
    )
