"""What the bot says when it is not answering a question: the bot's own template of that purpose and language,
or the default below. Variables: {name}, {bot}, {site}, {manager}."""

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


def template_text(bot, purpose, conversation=None, **extra):
    language = conversation.language if conversation else bot.language_codes[0]
    chosen = None
    for template in bot.parts()["templates"]:
        if template.purpose == purpose and template.language == language:
            chosen = template
            break
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
