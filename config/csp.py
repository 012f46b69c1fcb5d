"""Content-Security-Policy header, from settings.SECURE_CSP.

Django 5.2 has no CSP support of its own (Django 6.0 adds django.middleware.csp and reads the same
SECURE_CSP dict, so the setting carries over when that middleware replaces this one), and
django-csp is not a dependency: this small middleware sends the policy on every response that does
not already carry one. The pages satisfy it: no inline <script>, no on...= handler, no style=
attribute and no <style> element; scripts and styles are static files served by the app itself
(no CDN). tests/deploy/test_csp_pages.py renders the main pages and checks."""
from __future__ import annotations

from django.conf import settings

HEADER = "Content-Security-Policy"


def policy_text(policy: dict) -> str:
    """{"default-src": ["'self'"], "upgrade-insecure-requests": True} -> "default-src 'self'; upgrade-insecure-requests"."""
    parts = []
    for directive, sources in policy.items():
        if sources is True or sources == []:
            parts.append(directive)
        elif sources:
            parts.append(" ".join([directive, *([sources] if isinstance(sources, str) else sources)]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy_text(getattr(settings, "SECURE_CSP", None) or {})

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and HEADER not in response:
            response[HEADER] = self.header
        return response
