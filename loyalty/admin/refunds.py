"""«Вернуть покупку» in the admin: a whole purchase or a part of it goes back through loyalty.services.refund_purchase.

Who may: whoever the purchases' policy shows the purchase to (the superuser any, a business owner their own
partner's; every other purchase is a 404), the same scope as the list and inspect views. The form takes the amount
(blank: all that is left) and a reason, kept in the purchase's history (a "loyalty.refund" log entry) with who did
it. A refusal (more than is left, a purchase already returned whole) is a form error and changes nothing. The form
carries a one-time number that becomes the refund's `external_id`, so the same form sent twice refunds once."""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import InspectView

from core.money import format_rubles
from loyalty import services
from loyalty.admin.policies import PurchasePolicy
from loyalty.models import Purchase

URL_NAME = "loyalty_purchase_refund"
LOG_ACTION = "loyalty.refund"


def visible_purchases(user):
    return PurchasePolicy(Purchase).instances_user_has_permission_for(user, "view")


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Сумма возврата, ₽"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        help_text=gettext_lazy("Пусто — всё, что осталось вернуть по этой покупке."),
    )
    reason = forms.CharField(label=gettext_lazy("Причина"), max_length=255)
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)


class RefundView(WagtailAdminTemplateMixin, FormView):
    template_name = "loyalty/admin/purchase_refund.html"
    page_title = gettext_lazy("Вернуть покупку")
    header_icon = "undo"
    form_class = RefundForm

    def dispatch(self, request, *args, **kwargs):
        self.purchase = (
            visible_purchases(request.user).select_related("partner", "member__user").filter(pk=kwargs["pk"]).first()
        )
        if self.purchase is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"token": secrets.token_hex(8)}

    def get_page_subtitle(self):
        return str(self.purchase)

    def get_context_data(self, **kwargs):
        purchase = self.purchase
        return {
            **super().get_context_data(**kwargs),
            "purchase": purchase,
            "amount": format_rubles(purchase.amount, sign=False),
            "refunded": format_rubles(purchase.refunded_amount, sign=False),
            "left": format_rubles(purchase.refundable, sign=False),
        }

    def form_valid(self, form):
        purchase, amount = self.purchase, form.cleaned_data["amount"]
        if not purchase.refundable:
            form.add_error(None, _("Эта покупка уже возвращена целиком."))
            return self.form_invalid(form)
        amount = amount or purchase.refundable
        before = purchase.refunded_amount
        try:
            purchase = services.refund_purchase(
                purchase, amount=amount, external_id=f"admin-{form.cleaned_data['token']}"
            )
        except ValidationError as error:
            form.add_error("amount" if getattr(error, "code", "") == "refund_too_much" else None, error)
            return self.form_invalid(form)
        if purchase.refunded_amount != before:  # not the same form sent again
            log(
                instance=purchase,
                action=LOG_ACTION,
                user=self.request.user,
                data={"amount": f"{amount:.2f}", "reason": form.cleaned_data["reason"]},
            )
        message = (
            _("Покупка %(purchase)s возвращена целиком.")
            if purchase.refunded_at
            else _("По покупке %(purchase)s возвращено %(amount)s, осталось %(left)s.")
        )
        messages.success(
            self.request,
            message
            % {
                "purchase": purchase.external_id,
                "amount": format_rubles(amount, sign=False),
                "left": format_rubles(purchase.refundable, sign=False),
            },
        )
        return redirect(Purchase.snippet_viewset.get_url_name("inspect"), purchase.pk)


class PurchaseInspectView(InspectView):
    """A purchase's page in the admin, with «Вернуть покупку» among its actions while something is left to refund."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.refundable > 0:
            buttons.append(
                Button(
                    _("Вернуть покупку"), url=reverse(URL_NAME, args=[self.object.pk]), icon_name="undo", priority=30
                )
            )
        return buttons
