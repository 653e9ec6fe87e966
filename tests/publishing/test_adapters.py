"""The cross-posting adapters against local fakes of each platform's protocol (no database)."""

import pytest

from integrations.crossposting import (
    CANNOT_TELL,
    FOUND,
    MISSING,
    InstagramAccount,
    Listing,
    MaybeSent,
    NotConfigured,
    NotSupported,
    PermanentError,
    Photo,
    RateLimited,
    TelegramChannel,
    TemporaryError,
    VkWall,
)
from tests.fakes.http import FakeService
from tests.fakes.instagram import fake_instagram
from tests.fakes.telegram import fake_telegram
from tests.fakes.vk import fake_vk

JPEG = b"\xff\xd8\xff\xe0fake-jpeg"
PHOTOS = [Photo("front.jpg", JPEG, url="https://cdn.example.com/front.jpg"),
          Photo("back.jpg", JPEG + b"2", url="https://cdn.example.com/back.jpg")]  # fmt: skip
AD = Listing(key="carad-7-telegram", text="Toyota Camry, 2019 — 2 150 000 ₽\nhttps://avtofamily.localhost/cars/camry/",
             url="https://avtofamily.localhost/cars/camry/", photos=PHOTOS)  # fmt: skip


def telegram(service, **kwargs):
    return TelegramChannel(**{"base_url": service.url, "token": "test-bot-token", "target": "@avtofamily", **kwargs})


def vk(service, **kwargs):
    return VkWall(**{"base_url": service.url, "token": "test-vk-token", "target": "-777", **kwargs})


# -- Telegram ------------------------------------------------------------------------------------------------------


def test_telegram_posts_the_photos_as_one_media_group_with_the_text_as_caption():
    with fake_telegram() as api:
        posted = telegram(api).publish(AD)
    [request] = api.requests
    assert request.path == "/bottest-bot-token/sendMediaGroup"
    assert request.parts["photo0"] == ("front.jpg", JPEG) and request.parts["photo1"][0] == "back.jpg"
    assert [m["caption"] for m in api.channel.values()] == [AD.text, ""]
    assert posted.external_id == "p:1,2"
    assert posted.url == "https://t.me/avtofamily/1"


def test_telegram_one_photo_is_send_photo_and_no_photo_is_a_text_message():
    with fake_telegram() as api:
        one = telegram(api).publish(Listing("k1", "Одно фото", photos=PHOTOS[:1]))
        none = telegram(api, target="-1001234").publish(Listing("k2", "Без фото"))
    assert [r.path.rsplit("/", 1)[1] for r in api.requests] == ["sendPhoto", "sendMessage"]
    assert (one.external_id, none.external_id) == ("p:1", "t:2")
    assert none.url == "https://t.me/c/1234/2"
    assert api.channel[2]["text"] == "Без фото"


def test_telegram_update_edits_the_caption_or_the_text_and_withdraw_deletes_every_message():
    with fake_telegram() as api:
        channel = telegram(api)
        photo_post = channel.publish(AD)
        text_post = channel.publish(Listing("k", "Было"))
        channel.update(photo_post.external_id, Listing("k", "Новая цена"))
        channel.update(photo_post.external_id, Listing("k", "Новая цена"))  # "not modified" is fine
        channel.update(text_post.external_id, Listing("k", "Стало"))
        channel.withdraw(photo_post.external_id)
        channel.withdraw(photo_post.external_id)  # already gone is fine
    assert [r.path.rsplit("/", 1)[1] for r in api.requests].count("deleteMessage") == 4
    assert api.channel == {3: {"message_id": 3, "chat": {"id": "@avtofamily"}, "text": "Стало"}}


def test_telegram_errors_say_what_may_be_done_next():
    with fake_telegram(known_chats={"@other"}) as api, pytest.raises(PermanentError, match="chat not found"):
        telegram(api).publish(AD)
    with fake_telegram(fail_times=1) as api, pytest.raises(TemporaryError, match="502"):
        telegram(api).publish(AD)
    with fake_telegram(token="other") as api, pytest.raises(PermanentError, match="401"):
        telegram(api).publish(AD)
    answer = {"ok": False, "error_code": 429, "description": "Too Many Requests", "parameters": {"retry_after": 7}}
    too_many = FakeService(lambda r: (429, answer))
    with too_many, pytest.raises(RateLimited) as error:
        telegram(too_many).publish(AD)
    assert error.value.retry_after == 7


def test_a_timeout_after_sending_is_maybe_sent_and_the_post_exists():
    with fake_telegram(slow={"sendMediaGroup": 1.5}) as api:
        with pytest.raises(MaybeSent):
            telegram(api, timeout=0.3).publish(AD)
        assert telegram(api).status(AD).state == CANNOT_TELL  # the Bot API cannot look it up
    assert len(api.channel) == 2  # the post went out: resending blindly would double it


def test_an_unreachable_platform_is_temporary_and_nothing_was_sent():
    with pytest.raises(TemporaryError, match="unreachable"):
        TelegramChannel(base_url="http://127.0.0.1:9", token="t", target="@x", timeout=2).publish(AD)


def test_without_a_token_or_a_channel_the_adapter_is_not_configured():
    with pytest.raises(NotConfigured, match="не настроено"):
        TelegramChannel(base_url="https://api.telegram.org", token="", target="@x").publish(AD)
    with pytest.raises(NotConfigured):
        VkWall(base_url="https://api.vk.com", token="t", target="").publish(AD)


# -- VK ------------------------------------------------------------------------------------------------------------


def test_vk_uploads_each_photo_then_posts_on_the_wall_with_the_version_and_guid():
    with fake_vk() as api:
        posted = vk(api).publish(AD)
    methods = [r.path for r in api.requests]
    assert methods == ["/method/photos.getWallUploadServer", "/upload", "/method/photos.saveWallPhoto"] * 2 + [
        "/method/wall.post"
    ]
    post = api.requests[-1].form
    assert post["v"] == "5.199" and post["owner_id"] == "-777" and post["from_group"] == "1"
    assert post["guid"] == AD.key and post["attachments"] == "photo-777_1,photo-777_2"
    assert api.requests[1].parts["photo"] == ("front.jpg", JPEG)
    assert (posted.external_id, posted.url) == ("1", "https://vk.com/wall-777_1")


def test_vk_edit_delete_and_status():
    with fake_vk() as api:
        wall = vk(api)
        posted = wall.publish(
            Listing("k", "Было https://avtofamily.localhost/cars/1/", url="https://avtofamily.localhost/cars/1/")
        )
        wall.update(posted.external_id, Listing("k", "Стало https://avtofamily.localhost/cars/1/"))
        assert api.wall[1]["text"].startswith("Стало")
        found = wall.status(Listing("k", "", url="https://avtofamily.localhost/cars/1/"))  # no id: looks it up
        assert (found.state, found.posted.external_id) == (FOUND, "1")
        assert wall.status(Listing("k", ""), "1").state == FOUND
        wall.withdraw(posted.external_id)
        assert wall.status(Listing("k", ""), "1").state == MISSING
        assert wall.status(Listing("k", "", url="https://avtofamily.localhost/cars/1/")).state == MISSING
        assert api.wall == {}


def test_vk_a_repeated_publish_with_the_same_guid_makes_no_second_post():
    with fake_vk() as api:
        first = vk(api).publish(Listing("carad-1-vk", "Текст"))
        second = vk(api).publish(Listing("carad-1-vk", "Текст"))
    assert first == second and len(api.wall) == 1


def test_vk_errors():
    with fake_vk(token="other") as api, pytest.raises(PermanentError, match="5 User authorization failed"):
        vk(api).publish(AD)
    with fake_vk(fail_times=1) as api, pytest.raises(TemporaryError, match="Internal"):
        vk(api).publish(Listing("k", "x"))
    flood = FakeService(lambda r: (200, {"error": {"error_code": 9, "error_msg": "Flood control"}}))
    with flood, pytest.raises(RateLimited) as error:
        vk(flood).publish(Listing("k", "x"))
    assert error.value.retry_after == 3600


# -- Instagram -----------------------------------------------------------------------------------------------------


def test_instagram_publishes_a_carousel_in_two_steps_and_cannot_edit_or_delete():
    with fake_instagram() as api:
        account = InstagramAccount(base_url=api.url, token="test-ig-token", target="17841400000000000")
        posted = account.publish(AD)
        assert account.status(AD, posted.external_id).state == FOUND
        assert account.status(AD, "404").state == MISSING
    assert [r.path.rsplit("/", 1)[-1] for r in api.requests][:5] == [
        "media", "media", "media", "media_publish", posted.external_id,
    ]  # fmt: skip
    assert api.media[posted.external_id]["caption"] == AD.text
    assert posted.url == f"https://www.instagram.com/p/{posted.external_id}/"
    with pytest.raises(NotSupported):
        account.withdraw(posted.external_id)
    with pytest.raises(NotSupported):
        account.update(posted.external_id, AD)


def test_instagram_needs_public_photo_urls():
    with fake_instagram() as api, pytest.raises(PermanentError, match="публичному адресу"):
        InstagramAccount(base_url=api.url, token="test-ig-token", target="1").publish(Listing("k", "x"))
    assert api.requests == []
