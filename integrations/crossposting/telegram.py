"""A Telegram channel through the Bot API (https://core.telegram.org/bots/api).

- publish: sendPhoto for one photo, sendMediaGroup for 2 to 10 (uploaded as multipart, the text as the first
  photo's caption), or sendMessage when the ad has no photos;
- update: editMessageCaption (photo post) or editMessageText (text post) of the first message;
- withdraw: deleteMessage for every message of the post;
- status: the Bot API cannot read a channel's messages, so a publish whose answer was lost cannot be looked
  up: a person decides (the monitoring page's «Опубликовать снова» or «Отметить опубликованным»).

`external_id` is "p:<id>,<id>,…" for a photo post and "t:<id>" for a text post.
Every answer is {"ok": true, "result": …} or {"ok": false, "error_code": …, "description": …,
"parameters": {"retry_after": …}}.
"""

import json

from .base import (
    Adapter,
    Listing,
    PermanentError,
    Posted,
    RateLimited,
    TemporaryError,
    send,
)

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
MAX_PHOTOS = 10


def clip(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TelegramChannel(Adapter):
    platform = "telegram"

    def call(self, method, *, form=None, files=None):
        self.check_configured()
        status, answer = send(f"{self.base_url}/bot{self.token}/{method}", form=form, files=files, timeout=self.timeout)
        answer = answer or {}
        if answer.get("ok"):
            return answer["result"]
        code = answer.get("error_code") or status
        description = answer.get("description", "")
        message = f"Telegram {method}: {code} {description}".strip()
        if code == 429:
            raise RateLimited(message, float((answer.get("parameters") or {}).get("retry_after") or 30))
        if code >= 500:
            raise TemporaryError(message)
        raise PermanentError(message)

    def post_url(self, message_id):
        if self.target.startswith("@"):
            return f"https://t.me/{self.target[1:]}/{message_id}"
        if self.target.startswith("-100"):
            return f"https://t.me/c/{self.target[4:]}/{message_id}"
        return ""

    def publish(self, listing: Listing) -> Posted:
        photos = listing.photos[:MAX_PHOTOS]
        if not photos:
            message = self.call("sendMessage", form={"chat_id": self.target, "text": clip(listing.text, TEXT_LIMIT)})
            return Posted(f"t:{message['message_id']}", self.post_url(message["message_id"]))
        if len(photos) == 1:  # a media group takes 2-10 items
            message = self.call(
                "sendPhoto",
                form={"chat_id": self.target, "caption": clip(listing.text, CAPTION_LIMIT)},
                files={"photo": photos[0]},
            )
            return Posted(f"p:{message['message_id']}", self.post_url(message["message_id"]))
        media = [{"type": "photo", "media": f"attach://photo{index}"} for index in range(len(photos))]
        media[0]["caption"] = clip(listing.text, CAPTION_LIMIT)
        messages = self.call(
            "sendMediaGroup",
            form={"chat_id": self.target, "media": json.dumps(media, ensure_ascii=False)},
            files={f"photo{index}": photo for index, photo in enumerate(photos)},
        )
        ids = [str(message["message_id"]) for message in messages]
        return Posted("p:" + ",".join(ids), self.post_url(ids[0]))

    def update(self, external_id: str, listing: Listing) -> Posted:
        kind, ids = parse(external_id)
        form = {"chat_id": self.target, "message_id": ids[0]}
        try:
            if kind == "p":
                self.call("editMessageCaption", form={**form, "caption": clip(listing.text, CAPTION_LIMIT)})
            else:
                self.call("editMessageText", form={**form, "text": clip(listing.text, TEXT_LIMIT)})
        except PermanentError as error:
            if "message is not modified" not in str(error):
                raise
        return Posted(external_id, self.post_url(ids[0]))

    def withdraw(self, external_id: str) -> None:
        _kind, ids = parse(external_id)
        for message_id in ids:
            try:
                self.call("deleteMessage", form={"chat_id": self.target, "message_id": message_id})
            except PermanentError as error:
                if "message to delete not found" not in str(error):
                    raise


def parse(external_id):
    kind, _, ids = (external_id or "").partition(":")
    ids = [part for part in ids.split(",") if part]
    if kind not in ("p", "t") or not ids:
        raise PermanentError(f"not a Telegram post id: {external_id!r}")
    return kind, ids
