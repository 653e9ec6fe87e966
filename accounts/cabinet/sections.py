"""The sections of the personal cabinet at /account/: a registry other apps add to from AppConfig.ready().

A section with a `view` is served under /account/<route> as `cabinet:<key>` (accounts/cabinet/urls.py);
one without links to `url_name` elsewhere (the notification settings, allauth's login and security).
The cabinet's menu lists them by `order`; a page marks itself current with `section=<key>` in its context.
A section about one kind of business (bookings, realty requests) says with `relevant(request)` whether the
current site is in that business: on a brand that is not, it moves to the end of the menu, so each brand's
cabinet opens with that brand's own things."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    order: int
    route: str | None = None
    view: Callable | None = None
    url_name: str | None = None
    relevant: Callable | None = None

    @property
    def url(self):
        return self.url_name or f"cabinet:{self.key}"


_sections: dict[str, Section] = {}


def register_section(key, label, *, order, route=None, view=None, url_name=None, relevant=None):
    if (view is None) == (url_name is None):
        raise ValueError("A cabinet section has either a view (with its route) or the url_name of a page elsewhere.")
    _sections[key] = Section(key, label, order, route, view, url_name, relevant)


def sections(request=None):
    """In `order`; for a request, the sections of a business the current site is not in come last."""

    def elsewhere(section):
        return request is not None and section.relevant is not None and not section.relevant(request)

    return sorted(_sections.values(), key=lambda section: (elsewhere(section), section.order))
