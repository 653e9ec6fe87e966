"""Reads from a PostgreSQL replica (DATABASE_REPLICA_URL) where a stale read can do no harm.

A request may read from the replica only when ReplicaMiddleware marked it read-only: a GET or HEAD outside
the admin, from a visitor who has not written anything in the last REPLICA_STICKY_SECONDS (a cookie set after
every unsafe request: the booking page after "book" must show the booking). Within such a request, the first
write, and any open transaction, sends every later read to the primary too. Everything else (admin, forms,
Celery, commands) uses the primary only."""

import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
STICKY_COOKIE = "primary"
SAFE_METHODS = ("GET", "HEAD")

# None: this request may not use the replica; a dict: it may, until "wrote" is set.
_request_state = contextvars.ContextVar("replica_request", default=None)


def replica_allowed():
    state = _request_state.get()
    return state is not None and not state["wrote"] and not connections["default"].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if replica_allowed() else "default"

    def db_for_write(self, model, **hints):
        state = _request_state.get()
        if state is not None:
            state["wrote"] = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        read_only = (
            request.method in SAFE_METHODS
            and not request.path.startswith(settings.REPLICA_PRIMARY_PATHS)
            and STICKY_COOKIE not in request.COOKIES
        )
        token = _request_state.set({"wrote": False} if read_only else None)
        try:
            response = self.get_response(request)
        finally:
            _request_state.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
