"""A fake of the VK API for a community wall: photos.getWallUploadServer, the upload server, photos.saveWallPhoto,
wall.post (deduplicated by `guid`, as VK does), wall.edit, wall.delete, wall.get and wall.getById.
Always HTTP 200, with {"response": …} or {"error": {"error_code", "error_msg"}}, like the real one.
`service.wall` holds the posts (post id -> post)."""

import time

from .http import FakeService


def vk_handler(token="test-vk-token", group_id="777", fail_times=0, slow=None):  # noqa: S107
    state = {"failures_left": fail_times, "post_id": 0, "photo_id": 0, "guids": {}}
    wall = {}
    owner = f"-{group_id}"

    def error(code, message):
        return 200, {"error": {"error_code": code, "error_msg": message, "request_params": []}}

    def ok(response):
        return 200, {"response": response}

    def handle(request):
        if request.path == "/upload":
            photo = request.parts.get("photo")
            if not isinstance(photo, tuple):
                return 200, {"server": 1, "photo": "[]", "hash": ""}
            return 200, {"server": 1, "photo": f'[{{"name": "{photo[0]}", "size": {len(photo[1])}}}]', "hash": "h1"}
        method = request.path.removeprefix("/method/")
        data = request.data
        if not data.get("v"):
            return error(8, "Invalid request: v (version) is required")
        if data.get("access_token") != token:
            return error(5, "User authorization failed: invalid access_token (4).")
        if state["failures_left"] > 0:
            state["failures_left"] -= 1
            return error(10, "Internal server error")
        if method in ("wall.post", "wall.edit", "wall.delete", "wall.get") and data.get("owner_id") != owner:
            return error(15, "Access denied")
        answer = route(method, data, request)
        if slow and method in slow:
            time.sleep(slow[method])
        return answer

    def route(method, data, request):
        if method == "photos.getWallUploadServer":
            host = request.headers.get("Host")
            return ok({"upload_url": f"http://{host}/upload", "album_id": -14, "user_id": 0})
        if method == "photos.saveWallPhoto":
            if data.get("hash") != "h1" or data.get("photo", "[]") == "[]":
                return error(100, "One of the parameters specified was missing or invalid: photo is undefined")
            state["photo_id"] += 1
            return ok([{"id": state["photo_id"], "owner_id": int(owner), "album_id": -14}])
        if method == "wall.post":
            if not data.get("message") and not data.get("attachments"):
                return error(100, "One of the parameters specified was missing or invalid: message is empty")
            guid = data.get("guid")
            if guid and guid in state["guids"]:
                return ok({"post_id": state["guids"][guid]})
            state["post_id"] += 1
            post_id = state["post_id"]
            wall[post_id] = {"id": post_id, "owner_id": int(owner), "text": data.get("message", ""),
                             "attachments": [a for a in data.get("attachments", "").split(",") if a]}  # fmt: skip
            if guid:
                state["guids"][guid] = post_id
            return ok({"post_id": post_id})
        if method in ("wall.edit", "wall.delete"):
            post = wall.get(int(data.get("post_id") or 0))
            if post is None:
                return error(100, "One of the parameters specified was missing or invalid: post not found")
            if method == "wall.delete":
                del wall[post["id"]]
                return ok(1)
            post["text"] = data.get("message", "")
            return ok({"post_id": post["id"]})
        if method == "wall.get":
            items = sorted(wall.values(), key=lambda post: -post["id"])[: int(data.get("count") or 20)]
            return ok({"count": len(wall), "items": items})
        if method == "wall.getById":
            wanted = [key.split("_") for key in data.get("posts", "").split(",") if "_" in key]
            return ok({"items": [wall[int(post)] for who, post in wanted if who == owner and int(post) in wall]})
        return error(3, "Unknown method passed")

    handle.wall = wall
    return handle


def fake_vk(**kwargs):
    handler = vk_handler(**kwargs)
    service = FakeService(handler)
    service.wall = handler.wall
    return service
