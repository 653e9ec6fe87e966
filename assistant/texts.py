"""What the bot says when it is not answering a question: the bot's own template of that purpose and language
(variant B of it for the conversations in that arm of the template test), or the default below. Variables:
{name}, {bot}, {site}, {manager}."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assistant.models import TemplatePurpose, render_template_text

DEFAULTS = {
    TemplatePurpose.GREETING: _("Здравствуйте! Я {bot}. Спросите меня о чём угодно."),
    TemplatePurpose.NOT_FOUND: _(
        "Я не нашёл точного ответа и не хочу ошибиться. Передал вопрос менеджеру: он ответит здесь же."
    ),
    TemplatePurpose.HANDOFF: _("Передаю разговор менеджеру: он ответит здесь же."),
    TemplatePurpose.AFTER_HOURS: _("Передаю разговор менеджеру. Сейчас нерабочее время: ответим с {opens}, здесь же."),
    TemplatePurpose.MEDIA: _("Спасибо! Я пока понимаю только текст: напишите, пожалуйста, вопрос словами."),
    TemplatePurpose.CSAT: _("Вопрос решён. Оцените, пожалуйста, разговор от 1 до 5."),
    TemplatePurpose.LEAD_CREATED: _("Спасибо, {name}! Заявка принята, менеджер перезвонит вам."),
    TemplatePurpose.FOUND: _("Вот что нашлось на сайте:"),
}
THANKS_FOR_RATING = _("Спасибо за оценку!")


def pick_template(bot, purpose, language, conversation=None):
    """The bot's template of this purpose and language; a conversation in arm B of the template test gets the
    one marked variant B (the plain one where this purpose has none), every other the plain one."""
    fitting = [t for t in bot.parts()["templates"] if t.purpose == purpose and t.language == language]
    wants_b = conversation is not None and conversation.template_variant == "b"
    chosen = next((t for t in fitting if t.test_variant == wants_b), None)
    if chosen is None and wants_b:
        chosen = next((t for t in fitting if not t.test_variant), None)
    return chosen


def template_text(bot, purpose, conversation=None, **extra):
    language = conversation.language if conversation else bot.language_codes[0]
    chosen = pick_template(bot, purpose, language, conversation)
    if chosen is not None:
        text = chosen.text
    else:
        with translation.override(language):
            text = str(DEFAULTS[purpose])
    values = {
        "bot": bot.name,
        "site": bot.site.site_name or bot.site.hostname,
        "name": (conversation.customer_name if conversation else "") or "",
        "opens": bot.work_starts.strftime("%H:%M") if hasattr(bot.work_starts, "strftime") else bot.work_starts,
        **extra,
    }
    return render_template_text(text, values).replace("  ", " ").replace(" !", "!")
