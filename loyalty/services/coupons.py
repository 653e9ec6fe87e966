"""Coupons at the cashier: find, check, redeem, give back on a refund.

`redeem` and `give_back` run inside the caller's transaction, after the member's row is locked; they lock the
coupon's row (always member first, then coupon), so its limits hold under any number of cashiers at once."""

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.money import format_rubles
from loyalty.models import Coupon, CouponRedemption
from loyalty.services.ledger import CENT, ZERO, ClubError


def find_coupon(code, *, lock=False) -> Coupon:
    """The coupon with this code (any case), or ClubError. `lock` holds its row until the commit."""
    coupons = Coupon.objects.filter(code__iexact=(code or "").strip())
    if lock:
        coupons = coupons.select_for_update()
    coupon = coupons.first()
    if coupon is None or not coupon.is_active:
        raise ClubError(_("Купон не найден. Проверьте код."), code="coupon_not_found")
    return coupon


def check_coupon(coupon, member, partner, on_date):
    """Raise ClubError unless `member` may use `coupon` at `partner` on `on_date` (limits included)."""
    if coupon.valid_from and coupon.valid_from > on_date:
        raise ClubError(
            _("Купон начнёт действовать %(date)s.") % {"date": date_format(coupon.valid_from, "j E Y")},
            code="coupon_not_started",
        )
    if coupon.valid_to and coupon.valid_to < on_date:
        raise ClubError(_("Срок действия купона истёк."), code="coupon_expired")
    if coupon.partner_id and coupon.partner_id != partner.pk:
        raise ClubError(
            _("Этот купон действует только у партнёра «%(partner)s».") % {"partner": coupon.partner.title},
            code="coupon_other_partner",
        )
    if coupon.member_id and coupon.member_id != member.pk:
        raise ClubError(_("Это личный купон другой участницы."), code="coupon_other_member")
    if member.tier not in (coupon.allowed_tiers or []):
        raise ClubError(_("Купон не действует для вашего статуса в клубе."), code="coupon_tier")
    if coupon.total_limit is not None and coupon.times_used >= coupon.total_limit:
        raise ClubError(_("Купон уже использован максимальное число раз."), code="coupon_used_up")
    if coupon.per_member_limit is not None:
        used = CouponRedemption.objects.filter(coupon=coupon, member=member, reversed_at__isnull=True).count()
        if used >= coupon.per_member_limit:
            raise ClubError(_("Вы уже использовали этот купон."), code="coupon_member_used_up")


def coupon_effect(coupon, amount) -> tuple[Decimal, Decimal]:
    """(discount in rubles, bonus points) the coupon gives on a purchase of `amount`."""
    if coupon.kind == Coupon.Kind.PERCENT:
        return (amount * coupon.value / 100).quantize(CENT), ZERO
    if coupon.kind == Coupon.Kind.FIXED:
        return min(coupon.value, amount), ZERO
    return ZERO, coupon.value


def redeem(coupon, member, purchase, bonus_points, at) -> CouponRedemption:
    """Count the use (coupon locked by `find_coupon(..., lock=True)` and checked in this transaction)."""
    coupon.times_used += 1
    coupon.save(update_fields=["times_used"])
    return CouponRedemption.objects.create(
        coupon=coupon, member=member, purchase=purchase, discount=purchase.discount, bonus_points=bonus_points,
        created_at=at,
    )  # fmt: skip


def give_back(purchase, at):
    """A refunded purchase gives its coupon use back."""
    redemption = CouponRedemption.objects.filter(purchase=purchase, reversed_at__isnull=True).first()
    if redemption is None:
        return
    coupon = Coupon.objects.select_for_update().get(pk=redemption.coupon_id)
    coupon.times_used = max(coupon.times_used - 1, 0)
    coupon.save(update_fields=["times_used"])
    redemption.reversed_at = at
    redemption.save(update_fields=["reversed_at"])


def coupon_summary(coupon):
    """A short description for the cashier: «−10 %», «−500 ₽», «+300 баллов»."""
    if coupon.kind == Coupon.Kind.PERCENT:
        return f"−{coupon.value.normalize():f}\u00a0%"
    if coupon.kind == Coupon.Kind.FIXED:
        return f"−{format_rubles(coupon.value)}"
    return _("+%(points)s баллов") % {"points": format_rubles(coupon.value, sign=False)}


def today(at):
    return timezone.localdate(at)
