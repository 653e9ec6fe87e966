"""Routing helpers shared by page types."""

from wagtail.models import Site

__all__ = ["ChildRouteMixin"]


class ChildRouteMixin:
    """Route to a child listing in one query, with what its page shows.

    Wagtail's own routing fetches the child's base row, then its specific row, and each relation the page
    touches costs one more query. Pages return their child model's queryset (with its `select_related`)
    from `child_route_queryset()`; None keeps Wagtail's routing."""

    def child_route_queryset(self):
        return None

    def attach_routed_child(self, child):
        """Hand the child what this page already has loaded (override where useful)."""

    def route(self, request, path_components):
        queryset = self.child_route_queryset()
        if path_components and queryset is not None:
            child = queryset.child_of(self).select_related("locale").filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                site = Site.find_for_request(request)
                if site is not None and child.path.startswith(site.root_page.path):
                    child.__dict__["_cached_site"] = site  # see BasePage.get_site
                self.attach_routed_child(child)
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
