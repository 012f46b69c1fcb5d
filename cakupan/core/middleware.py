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
