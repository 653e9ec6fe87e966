"""The mortgage calculator on apartment pages: an annuity payment, computed on the server with Decimal."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

KOPECK = Decimal("0.01")
DEFAULT_TERM_YEARS = 20


def annuity_payment(principal, annual_rate_percent, months):
    """The monthly payment that repays `principal` in `months` equal payments at `annual_rate_percent`
    a year (interest charged monthly, at a twelfth of the annual rate), rounded to kopecks.

    payment = P · r · (1 + r)^n / ((1 + r)^n − 1), r = annual rate / 12; with r = 0 it is P / n."""
    principal = Decimal(principal)
    if principal <= 0:
        return Decimal("0.00")
    if months < 1:
        raise ValueError("months must be at least 1")
    monthly_rate = Decimal(annual_rate_percent) / Decimal(1200)
    if monthly_rate == 0:
        payment = principal / months
    else:
        growth = (1 + monthly_rate) ** months
        payment = principal * monthly_rate * growth / (growth - 1)
    return payment.quantize(KOPECK, rounding=ROUND_HALF_UP)


def rub(value):
    return f"{number_format(value, decimal_pos=0, force_grouping=True)} ₽"


class MortgageForm(forms.Form):
    price = forms.DecimalField(
        label=_("Стоимость квартиры, ₽"),
        min_value=Decimal("1"),
        max_digits=12,
        decimal_places=0,
        error_messages={"invalid": _("Введите стоимость числом, без пробелов и букв.")},
    )
    down_payment = forms.DecimalField(
        label=_("Первоначальный взнос, ₽"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=0,
        error_messages={
            "invalid": _("Введите взнос числом, без пробелов и букв."),
            "min_value": _("Взнос не может быть отрицательным."),
        },
    )
    term = forms.IntegerField(
        label=_("Срок, лет"),
        min_value=1,
        max_value=50,
        error_messages={
            "invalid": _("Введите срок целым числом лет."),
            "min_value": _("Срок — не меньше 1 года."),
            "max_value": _("Срок — не больше 50 лет."),
        },
    )
    bank = forms.TypedChoiceField(
        label=_("Банк и программа"),
        coerce=int,
        error_messages={"invalid_choice": _("Выберите программу из списка.")},
    )

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.banks = {bank.pk: bank for bank in banks}
        self.fields["bank"].choices = [(bank.pk, str(bank)) for bank in banks]
        for name in ("price", "down_payment", "term"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        for field in self.fields.values():
            field.error_messages["required"] = _("Заполните это поле.")

    def clean_bank(self):
        return self.banks[self.cleaned_data["bank"]]

    def clean(self):
        data = super().clean()
        price, down, term, bank = (data.get(name) for name in ("price", "down_payment", "term", "bank"))
        if price is not None and down is not None:
            if down >= price:
                self.add_error("down_payment", _("Первоначальный взнос должен быть меньше стоимости квартиры."))
            elif bank is not None:
                minimum = (price * bank.min_down_payment / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
                if down < minimum:
                    self.add_error(
                        "down_payment",
                        _("По программе «%(bank)s» взнос — не меньше %(percent)s%%, то есть %(amount)s.")
                        % {
                            "bank": bank.label,
                            "percent": f"{bank.min_down_payment.normalize():f}",
                            "amount": rub(minimum),
                        },
                    )
        if term is not None and bank is not None and term > bank.max_term_years:
            self.add_error(
                "term",
                _("По программе «%(bank)s» кредит дают не больше чем на %(years)s лет.")
                % {"bank": bank.label, "years": bank.max_term_years},
            )
        return data

    def result(self):
        data = self.cleaned_data
        loan = data["price"] - data["down_payment"]
        months = data["term"] * 12
        payment = annuity_payment(loan, data["bank"].rate, months)
        total = payment * months
        return {
            "bank": data["bank"],
            "loan": loan,
            "years": data["term"],
            "months": months,
            "payment": payment,
            "total": total,
            "overpayment": total - loan,
        }


def mortgage_context(request, price):
    """The calculator for an apartment: bound to the visitor's GET input, or to sensible defaults."""
    from catalog.models import Bank

    banks = list(Bank.objects.filter(is_active=True))
    if not banks:
        return None
    submitted = "bank" in request.GET
    if submitted:
        data = request.GET
    else:
        bank = banks[0]
        down = (price * bank.min_down_payment / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        data = {
            "price": price,
            "down_payment": down,
            "term": min(DEFAULT_TERM_YEARS, bank.max_term_years),
            "bank": bank.pk,
        }
    form = MortgageForm(data, banks=banks)
    return {"form": form, "result": form.result() if form.is_valid() else None, "submitted": submitted}
