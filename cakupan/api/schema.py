"""The OpenAPI schema's operations document every error they can answer: drf-spectacular's
AutoSchema, plus the error answers common to the whole API (400, 401, 403, 404, 429) wherever a
view did not describe its own, all with the one error body (serializers.ErrorSerializer)."""
from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

COMMON_ERRORS = {
    "400": "a malformed request: a query parameter of the wrong type or outside its choices (`code` api.query, "
           "api.run for `run`, api.page for `page`/`page_size`), a NUL character, an invalid body",
    "401": "no credentials, or a wrong or revoked token (`WWW-Authenticate: Token`)",
    "403": "your role may not use this endpoint or see this data",
    "404": "nothing published yet, an area outside your scope, an unknown id or a page past the last",
    "429": "rate limit reached: wait the `Retry-After` seconds",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, text in COMMON_ERRORS.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=text), code, direction=direction)
        return responses
