from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from assistant.models import FAQ, AnswerTemplate, Bot, LLMProvider, parts_cache_key
from assistant.templatetags.assistant_tags import forget_sites_with_bot


def forget_bot_parts(sender, instance, **kwargs):
    cache.delete(parts_cache_key(instance.pk if sender is Bot else instance.bot_id))


def register_signal_handlers():
    post_save.connect(forget_sites_with_bot, sender=Bot, dispatch_uid="assistant_bot_saved")
    post_delete.connect(forget_sites_with_bot, sender=Bot, dispatch_uid="assistant_bot_deleted")
    for model in (Bot, FAQ, AnswerTemplate, LLMProvider):
        post_save.connect(forget_bot_parts, sender=model, dispatch_uid=f"assistant_parts_saved_{model.__name__}")
        post_delete.connect(forget_bot_parts, sender=model, dispatch_uid=f"assistant_parts_deleted_{model.__name__}")
