"""The weights of lead scoring («горячесть»), edited in the admin under Settings; read by leads.scoring."""

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

__all__ = ["LeadScoringSettings"]


def points(label, default, help_text=""):
    return models.SmallIntegerField(label, default=default, help_text=help_text)


@register_setting(icon="pick")
class LeadScoringSettings(BaseGenericSetting):
    """One set of rules for every site. A lead's score is the sum of the points below, kept between 0 and 100."""

    # Where the person came from
    source_phone = points(_("телефонный звонок"), 25)
    source_ads = points(_("реклама"), 15)
    source_search = points(_("поисковая система"), 15)
    source_social = points(_("социальные сети"), 10)
    source_referral = points(_("переход с другого сайта"), 10)
    source_direct = points(_("прямой заход"), 5)
    source_other = points(_("другое"), 0)

    # What they asked for
    kind_viewing = points(_("просмотр объекта"), 15)
    kind_test_drive = points(_("тест-драйв"), 15)
    kind_callback = points(_("обратный звонок"), 10)
    kind_consultation = points(_("консультация"), 5)

    # The listing's price
    price_high = models.DecimalField(
        _("дорогой объект, от"), max_digits=14, decimal_places=2, default=Decimal(20_000_000),
        help_text=_("Цена объекта в заявке, начиная с которой он считается дорогим."),
    )  # fmt: skip
    price_high_points = points(_("баллы за дорогой объект"), 15)
    price_mid = models.DecimalField(
        _("объект средней цены, от"), max_digits=14, decimal_places=2, default=Decimal(8_000_000),
        help_text=_("Дешевле этой цены объект баллов не даёт."),
    )  # fmt: skip
    price_mid_points = points(_("баллы за объект средней цены"), 8)

    # Interest shown before and after the request
    repeat_request_points = points(
        _("за каждую повторную заявку"), 10, _("Повторная заявка по той же заявке или прошлые заявки с этого номера.")
    )
    repeat_request_max = points(_("за повторные заявки, не больше"), 20)
    visits_from = models.PositiveSmallIntegerField(
        _("много визитов, от"), default=3, help_text=_("Сколько раз человек заходил на сайт до заявки.")
    )
    visits_points = points(_("баллы за много визитов"), 10)
    viewed_from = models.PositiveSmallIntegerField(
        _("много просмотренных объектов, от"), default=5, help_text=_("Сколько объектов человек посмотрел до заявки.")
    )
    viewed_points = points(_("баллы за много просмотренных объектов"), 10)

    # Reaction to contact
    answered_call_points = points(_("ответил на звонок"), 10)
    reply_points = points(_("ответил на сообщение"), 10)
    meeting_points = points(_("встреча назначена или состоялась"), 20)
    missed_call_points = points(_("за каждый звонок без ответа"), -5, _("Обычно отрицательное число."))
    missed_call_max = points(_("за звонки без ответа, не больше (по модулю)"), 15)

    # Badges
    hot_from = models.PositiveSmallIntegerField(_("«горячая» от"), default=70)
    warm_from = models.PositiveSmallIntegerField(_("«тёплая» от"), default=40)

    panels: ClassVar[list] = [
        MultiFieldPanel(
            [
                FieldRowPanel(["source_phone", "source_ads", "source_search", "source_social"]),
                FieldRowPanel(["source_referral", "source_direct", "source_other"]),
            ],
            heading=_("Источник"),
        ),
        MultiFieldPanel(
            [FieldRowPanel(["kind_viewing", "kind_test_drive", "kind_callback", "kind_consultation"])],
            heading=_("Тип заявки"),
        ),
        MultiFieldPanel(
            [FieldRowPanel(["price_high", "price_high_points"]), FieldRowPanel(["price_mid", "price_mid_points"])],
            heading=_("Цена объекта"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["repeat_request_points", "repeat_request_max"]),
                FieldRowPanel(["visits_from", "visits_points"]),
                FieldRowPanel(["viewed_from", "viewed_points"]),
            ],
            heading=_("Интерес"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["answered_call_points", "reply_points", "meeting_points"]),
                FieldRowPanel(["missed_call_points", "missed_call_max"]),
            ],
            heading=_("Реакция на контакт"),
        ),
        MultiFieldPanel([FieldRowPanel(["hot_from", "warm_from"])], heading=_("Метки в списках")),
    ]

    class Meta:
        verbose_name = _("оценка заявок (горячесть)")

    def clean(self):
        errors = {}
        if not 0 < self.warm_from < self.hot_from <= 100:
            errors["warm_from"] = _("«Тёплая» должна начинаться ниже «горячей», обе — от 1 до 100.")
        if self.price_mid > self.price_high:
            errors["price_mid"] = _("Средняя цена не может быть выше цены дорогого объекта.")
        if self.missed_call_max < 0 or self.repeat_request_max < 0:
            errors["missed_call_max"] = _("Предел указывается положительным числом.")
        if errors:
            raise ValidationError(errors)
