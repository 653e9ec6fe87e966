"""The demo has one bot per brand site, with FAQ and templates and no language model; seeding it again adds
nothing."""

import pytest
from wagtail.models import Site

from assistant.models import Bot
from demo import assistant as demo_assistant

pytestmark = pytest.mark.django_db


def test_every_brand_has_a_bot_with_faq_and_templates_and_no_model():
    brands = Site.objects.exclude(is_default_site=True)
    bots = Bot.objects.filter(site__in=brands).prefetch_related("faqs", "templates", "providers")
    assert bots.count() == brands.count() == 4
    for bot in bots:
        assert bot.faqs.count() >= 3 and bot.templates.exists()
        assert not bot.uses_llm


def test_seeding_again_adds_nothing():
    assert demo_assistant.seed() == 0
