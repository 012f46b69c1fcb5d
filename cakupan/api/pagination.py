"""Every API list is paginated the same way: `?page=2&page_size=50`, answered with `count`, `next`,
`previous` (full URLs or null), `page`, `pages` and `results`. A page number or size that is not a
positive whole number is a bad request (400); a page past the last is 404."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .params import BIGINT, BadQuery


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = gettext_lazy("Halaman {page_number} tidak ada: daftar ini lebih pendek.")

    def _positive(self, request, name: str, default: int, cutoff: int | None = None) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= BIGINT):
            message = _("%(name)s harus bilangan bulat positif, bukan %(value)s.") % {"name": name, "value": repr(raw[:20])}
            raise BadQuery({"detail": message, "code": "api.page", "errors": {name: [message]}})
        return min(int(raw), cutoff) if cutoff else int(raw)

    def get_page_size(self, request):
        return self._positive(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return self._positive(request, self.page_query_param, 1)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count, "next": self.get_next_link(), "previous": self.get_previous_link(),
            "page": self.page.number, "pages": self.page.paginator.num_pages, "results": data,
        })

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["page"] = {"type": "integer", "example": 3, "description": "this page's number"}
        body["properties"]["pages"] = {"type": "integer", "example": 5, "description": "number of pages"}
        body["required"] = ["count", "next", "previous", "page", "pages", "results"]
        return body

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for p in params:
            p["schema"].update({"minimum": 1, "maximum": BIGINT})
            if p["name"] == self.page_size_query_param:
                p["description"] = f"results per page (default {self.page_size}, at most {self.max_page_size})"
        return params
