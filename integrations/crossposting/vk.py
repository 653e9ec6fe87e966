"""A VK community wall through the VK API (https://dev.vk.com/method/wall.post).

Every method is POST {base_url}/method/<name> with a form holding `access_token` and the API version `v`;
the answer is always HTTP 200 with {"response": …} or {"error": {"error_code": …, "error_msg": …}}.

- publish: each photo goes through photos.getWallUploadServer → upload (multipart `photo`) →
  photos.saveWallPhoto, then wall.post (from_group=1, `guid` = our key, so VK drops a repeated send);
- update: wall.edit (the text; photos stay as posted); withdraw: wall.delete;
- status: wall.getById with the post id, or, when a publish's answer was lost, wall.get of the latest posts
  looking for the ad's URL in their text: a lost publish is reconciled without a person.
"""

from .base import (
    FOUND,
    MISSING,
    Adapter,
    Listing,
    PermanentError,
    Posted,
    RateLimited,
    Status,
    TemporaryError,
    send,
)

API_VERSION = "5.199"
MAX_PHOTOS = 10
RECENT_POSTS = 50  # how far back status() looks for a post whose id we never got
# error codes: 6 too many requests per second, 9 flood control, 10 internal error; the rest are refusals
RATE_CODES = {6: 1.0, 9: 3600.0}
TEMPORARY_CODES = {1, 10}


class VkWall(Adapter):
    platform = "vk"

    @property
    def owner_id(self):
        return self.target  # a community wall: the minus sign and the group id, e.g. "-123456"

    def call(self, method, **params):
        self.check_configured()
        form = {**params, "access_token": self.token, "v": API_VERSION}
        status, answer = send(f"{self.base_url}/method/{method}", form=form, timeout=self.timeout)
        if status >= 500:
            raise TemporaryError(f"VK {method}: HTTP {status}")
        answer = answer or {}
        if "error" in answer:
            code = answer["error"].get("error_code")
            message = f"VK {method}: {code} {answer['error'].get('error_msg', '')}".strip()
            if code in RATE_CODES:
                raise RateLimited(message, RATE_CODES[code])
            if code in TEMPORARY_CODES:
                raise TemporaryError(message)
            raise PermanentError(message)
        if "response" not in answer:
            raise TemporaryError(f"VK {method}: unexpected answer {str(answer)[:100]}")
        return answer["response"]

    def upload_photos(self, photos):
        group_id = self.owner_id.lstrip("-")
        attachments = []
        for photo in photos[:MAX_PHOTOS]:
            server = self.call("photos.getWallUploadServer", group_id=group_id)
            status, uploaded = send(server["upload_url"], files={"photo": photo}, timeout=self.timeout)
            if status >= 300 or not uploaded or not uploaded.get("photo"):
                raise TemporaryError(f"VK photo upload: HTTP {status} {str(uploaded)[:100]}")
            [saved] = self.call(
                "photos.saveWallPhoto",
                group_id=group_id,
                server=uploaded["server"],
                photo=uploaded["photo"],
                hash=uploaded["hash"],
            )
            attachments.append(f"photo{saved['owner_id']}_{saved['id']}")
        return ",".join(attachments)

    def post_url(self, post_id):
        return f"https://vk.com/wall{self.owner_id}_{post_id}"

    def publish(self, listing: Listing) -> Posted:
        self.check_configured()
        params = {"owner_id": self.owner_id, "from_group": 1, "message": listing.text, "guid": listing.key}
        if listing.photos:
            params["attachments"] = self.upload_photos(listing.photos)
        post_id = str(self.call("wall.post", **params)["post_id"])
        return Posted(post_id, self.post_url(post_id))

    def update(self, external_id: str, listing: Listing) -> Posted:
        self.call("wall.edit", owner_id=self.owner_id, post_id=external_id, message=listing.text)
        return Posted(external_id, self.post_url(external_id))

    def withdraw(self, external_id: str) -> None:
        self.call("wall.delete", owner_id=self.owner_id, post_id=external_id)

    def status(self, listing: Listing, external_id: str = "") -> Status:
        if external_id:
            posts = self.call("wall.getById", posts=f"{self.owner_id}_{external_id}")
            posts = posts.get("items", []) if isinstance(posts, dict) else posts
        else:
            posts = self.call("wall.get", owner_id=self.owner_id, count=RECENT_POSTS).get("items", [])
            posts = [post for post in posts if listing.url and listing.url in post.get("text", "")]
        if not posts:
            return Status(MISSING)
        post_id = str(posts[0]["id"])
        return Status(FOUND, Posted(post_id, self.post_url(post_id)))
