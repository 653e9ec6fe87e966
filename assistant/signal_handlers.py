from django.db.models.signals import post_delete, post_save

from assistant.models import Bot
from assistant.templatetags.assistant_tags import forget_sites_with_bot


def register_signal_handlers():
    post_save.connect(forget_sites_with_bot, sender=Bot, dispatch_uid="assistant_bot_saved")
    post_delete.connect(forget_sites_with_bot, sender=Bot, dispatch_uid="assistant_bot_deleted")
