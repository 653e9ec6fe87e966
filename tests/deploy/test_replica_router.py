"""Which database a request reads from when a replica is configured (core/db_router.py): public GET pages from the
replica until they write; the admin, unsafe methods, a visitor who has just written, and open transactions from
the primary."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.db_router import STICKY_COOKIE, ReplicaMiddleware, ReplicaRouter

router = ReplicaRouter()
User = get_user_model()


def serve(request):
    """The middleware around a view that reads, writes (as Model.save asks the router), then reads again."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(User))
        if request.GET.get("write"):
            assert router.db_for_write(User) == "default"
            seen.append(router.db_for_read(User))
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen, response


def test_a_public_page_reads_from_the_replica_until_it_writes():
    factory = RequestFactory()
    assert serve(factory.get("/arenda/"))[0] == ["replica"]
    assert serve(factory.head("/arenda/"))[0] == ["replica"]
    assert serve(factory.get("/arenda/", {"write": "1"}))[0] == ["replica", "default"]


def test_the_admin_forms_and_a_visitor_who_just_wrote_read_from_the_primary():
    factory = RequestFactory()
    assert serve(factory.get("/admin/pages/"))[0] == ["default"]
    assert serve(factory.get("/account/bookings/"))[0] == ["default"]
    seen, response = serve(factory.post("/arenda/book/"))
    assert seen == ["default"]
    assert response.cookies[STICKY_COOKIE]["max-age"] == 5 and response.cookies[STICKY_COOKIE]["httponly"]
    after_write = factory.get("/arenda/booking/1/")
    after_write.COOKIES[STICKY_COOKIE] = "1"
    assert serve(after_write)[0] == ["default"]
    assert STICKY_COOKIE not in serve(factory.get("/arenda/"))[1].cookies


def test_outside_requests_and_migrations_use_the_primary():
    assert router.db_for_read(User) == "default"  # Celery tasks, commands
    assert router.db_for_write(User) == "default"
    assert router.allow_migrate("default", "accounts") and not router.allow_migrate("replica", "accounts")
    assert router.allow_relation(User(), User())


@override_settings(REPLICA_STICKY_SECONDS=30)
def test_how_long_a_writer_stays_on_the_primary_is_a_setting():
    response = serve(RequestFactory().post("/leads/"))[1]
    assert response.cookies[STICKY_COOKIE]["max-age"] == 30


@pytest.mark.django_db
def test_reads_inside_an_open_transaction_use_the_primary():
    assert connection.in_atomic_block  # the test's own transaction, as a view's transaction.atomic()
    assert serve(RequestFactory().get("/arenda/"))[0] == ["default"]
