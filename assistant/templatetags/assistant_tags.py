"""`{% assistant_widget %}`: the support chat's button on every page of a site that has an active bot.

It renders static markup only (the chat loads by htmx when opened), so it sets no cookie and starts no session;
which sites have a bot is cached, so a page makes no query for it."""

from django import template
from django.core.cache import cache
from wagtail.models import Site

register = template.Library()
CACHE_KEY = "assistant:sites-with-bot"


def sites_with_bot():
    sites = cache.get(CACHE_KEY)
    if sites is None:
        from assistant.models import Bot

        sites = dict(Bot.objects.filter(is_active=True).values_list("site_id", "name"))
        cache.set(CACHE_KEY, sites, 300)
    return sites


def forget_sites_with_bot(**kwargs):
    cache.delete(CACHE_KEY)


@register.inclusion_tag("assistant/widget.html", takes_context=True)
def assistant_widget(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    name = sites_with_bot().get(site.pk) if site else None
    return {"bot_name": name, "request": request}
