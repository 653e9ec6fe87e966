"""A fake of the Instagram Graph API's content publishing: media containers (single image, carousel items and the
carousel), media_publish, and GET of a published media's permalink. `service.media` holds what was published."""

from .http import FakeService


def instagram_handler(token="test-ig-token", user_id="17841400000000000"):  # noqa: S107
    state = {"id": 1000}
    containers = {}
    media = {}

    def error(status, code, message):
        return status, {"error": {"message": message, "type": "OAuthException", "code": code}}

    def new_id():
        state["id"] += 1
        return str(state["id"])

    def handle(request):
        data = request.data
        if data.get("access_token") != token:
            return error(400, 190, "Invalid OAuth access token.")
        parts = request.path.strip("/").split("/")[1:]  # without the version
        if request.method == "GET" and len(parts) == 1:
            if parts[0] not in media:
                return error(400, 100, "Unsupported get request.")
            return 200, {"id": parts[0], "permalink": f"https://www.instagram.com/p/{parts[0]}/"}
        if parts[:1] != [user_id]:
            return error(400, 100, "Unsupported post request.")
        if parts[1:] == ["media"]:
            container = new_id()
            if data.get("media_type") == "CAROUSEL":
                children = data.get("children", "").split(",")
                if not all(child in containers for child in children):
                    return error(400, 100, "Invalid parameter: children")
                containers[container] = {"children": children, "caption": data.get("caption", "")}
            elif not data.get("image_url"):
                return error(400, 100, "Invalid parameter: image_url")
            else:
                containers[container] = {"image_url": data["image_url"], "caption": data.get("caption", "")}
            return 200, {"id": container}
        if parts[1:] == ["media_publish"]:
            container = containers.pop(data.get("creation_id", ""), None)
            if container is None:
                return error(400, 9007, "Media ID is not available")
            media_id = new_id()
            media[media_id] = container
            return 200, {"id": media_id}
        return error(400, 100, "Unsupported post request.")

    handle.media = media
    return handle


def fake_instagram(**kwargs):
    handler = instagram_handler(**kwargs)
    service = FakeService(handler)
    service.media = handler.media
    return service
