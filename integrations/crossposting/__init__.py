"""Cross-posting adapters, one module per platform, behind one contract (base.Adapter: publish, update,
withdraw, status). See README.md here for which platforms have a documented public API and which do not."""

from .base import (
    CANNOT_TELL,
    FOUND,
    MISSING,
    Adapter,
    CrosspostError,
    Listing,
    MaybeSent,
    NotConfigured,
    NotSupported,
    PermanentError,
    Photo,
    Posted,
    RateLimited,
    Status,
    TemporaryError,
)
from .instagram import InstagramAccount
from .telegram import TelegramChannel
from .vk import VkWall

ADAPTERS = {adapter.platform: adapter for adapter in (TelegramChannel, VkWall, InstagramAccount)}

# The other platforms of the seed, and why there is no adapter for them (README.md has the details).
NO_PUBLIC_API = {
    "avby": "av.by: публичного API для размещения объявлений не нашли; дилерам — выгрузка файлом по договору",
    "avito": "Авито: объявления о транспорте — только автозагрузка XML-фидом (API даёт отчёты), не по одному",
    "autoru": "auto.ru: размещение дилеров — фидом через Авто.ру Бизнес; DMS API не публикует объявления",
    "drom": "Drom: только выгрузка XML/YML-фидом из кабинета автосалона, API для публикации нет",
}


def get_adapter(platform, **settings) -> Adapter:
    return ADAPTERS[platform](**settings)


__all__ = [
    "ADAPTERS",
    "CANNOT_TELL",
    "FOUND",
    "MISSING",
    "NO_PUBLIC_API",
    "Adapter",
    "CrosspostError",
    "InstagramAccount",
    "Listing",
    "MaybeSent",
    "NotConfigured",
    "NotSupported",
    "PermanentError",
    "Photo",
    "Posted",
    "RateLimited",
    "Status",
    "TelegramChannel",
    "TemporaryError",
    "VkWall",
    "get_adapter",
]
