"""The API's language is the request's Accept-Language (or the site's default). LocaleMiddleware does not read
the header here: with `prefix_default_language=False` an address without a language prefix is Russian."""

from functools import wraps

from django.utils import translation

from api.serializers import MAX_ID


def localized(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            handler = view
            if kwargs.get("pk", 0) > MAX_ID:
                from api.views import not_found  # an id past the database's integers: no such row

                handler = not_found
            response = handler(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # DRF renders lazily: the error messages must be translated in this language
            response.headers.setdefault("Content-Language", language)
        return response

    return wrapper
