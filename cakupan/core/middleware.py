"""The UI speaks Bahasa Indonesia unless the user chose another language (the language form in
the page header, which sets the language cookie). The browser's Accept-Language header is NOT
followed: an officer whose browser is set to English still gets the Indonesian UI by design."""
from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Replaces django.middleware.locale.LocaleMiddleware: cookie (the user's choice), else
    settings.LANGUAGE_CODE."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        lang = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", lang)
        return response


class RejectNulMiddleware:
    """A NUL character in the path or the query string is never data an officer means: answer 400
    in words before any view runs (PostgreSQL refuses NUL in text and would turn it into a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from urllib.parse import unquote

        raw = unquote(request.META.get("QUERY_STRING", "")) + request.path
        if "\x00" not in raw or request.path.startswith("/api/"):  # the API answers it itself, after auth
            return self.get_response(request)
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        message = _("Alamat berisi karakter yang tidak sah (NUL).")
        if request.path.endswith(".json"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
