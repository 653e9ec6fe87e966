"""An Instagram professional account through the Instagram Graph API's content publishing
(https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/content-publishing).

Publishing is two steps: create a media container (POST /{ig-user-id}/media with `image_url` and `caption`;
for several photos one container per photo with `is_carousel_item=true`, then a CAROUSEL container with
`children`), then POST /{ig-user-id}/media_publish with `creation_id`. Instagram fetches the photos itself, so
they must be at public URLs. The guide documents no editing of a caption and no deleting of a published post:
update and withdraw raise NotSupported (done by hand in the app), and status() reads GET /{media-id}.
Errors are HTTP 4xx with {"error": {"message", "type", "code"}}; codes 4, 17, 32 and 613 are rate limits.
"""

from .base import (
    FOUND,
    MISSING,
    Adapter,
    Listing,
    NotSupported,
    PermanentError,
    Posted,
    RateLimited,
    Status,
    TemporaryError,
    send,
)

API_VERSION = "v21.0"
MAX_PHOTOS = 10
CAPTION_LIMIT = 2200
RATE_CODES = {4, 17, 32, 613}


class InstagramAccount(Adapter):
    platform = "instagram"

    def call(self, method, path, **params):
        self.check_configured()
        url = f"{self.base_url}/{API_VERSION}/{path}"
        form = {**params, "access_token": self.token}
        if method == "GET":
            from urllib.parse import urlencode

            status, answer = send(f"{url}?{urlencode(form)}", method="GET", timeout=self.timeout)
        else:
            status, answer = send(url, form=form, timeout=self.timeout)
        answer = answer or {}
        if status < 300 and "error" not in answer:
            return answer
        error = answer.get("error") or {}
        message = f"Instagram {path}: {error.get('code', status)} {error.get('message', '')}".strip()
        if error.get("code") in RATE_CODES:
            raise RateLimited(message, 3600.0)
        if status >= 500 or error.get("is_transient"):
            raise TemporaryError(message)
        raise PermanentError(message)

    def publish(self, listing: Listing) -> Posted:
        self.check_configured()
        urls = [photo.url for photo in listing.photos[:MAX_PHOTOS] if photo.url]
        if not urls:
            raise PermanentError("Instagram: нужна хотя бы одна фотография по публичному адресу")
        caption = listing.text[:CAPTION_LIMIT]
        user = self.target
        if len(urls) == 1:
            container = self.call("POST", f"{user}/media", image_url=urls[0], caption=caption)["id"]
        else:
            children = [
                self.call("POST", f"{user}/media", image_url=url, is_carousel_item="true")["id"] for url in urls
            ]
            container = self.call(
                "POST", f"{user}/media", media_type="CAROUSEL", children=",".join(children), caption=caption
            )["id"]
        media_id = self.call("POST", f"{user}/media_publish", creation_id=container)["id"]
        permalink = self.call("GET", media_id, fields="permalink").get("permalink", "")
        return Posted(media_id, permalink)

    def update(self, external_id: str, listing: Listing) -> Posted:
        raise NotSupported("Instagram API не меняет подпись опубликованного поста: измените её в приложении")

    def withdraw(self, external_id: str) -> None:
        raise NotSupported("Instagram API не удаляет опубликованные посты: удалите пост в приложении")

    def status(self, listing: Listing, external_id: str = "") -> Status:
        if not external_id:
            return super().status(listing)
        try:
            media = self.call("GET", external_id, fields="permalink")
        except PermanentError:
            return Status(MISSING)
        return Status(FOUND, Posted(external_id, media.get("permalink", "")))
