"""Query parameters of the API, validated: each endpoint's parameters are a DRF serializer, so a
value of the wrong type or outside its choices (`run=abc`, `run=1.5`, `by=provinsi`) is a 400 with a
message, never a silent fallback, and drf-spectacular documents the same fields in the schema.

    q = query(request, CoverageQuery)    # validated dict, or BadQuery (400)
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

from cakupan.coverage import selectors as cov

BIGINT = 2**63 - 1  # the largest id a database column holds; a larger one is a bad request, not a 500
AREA = 64  # longest area code accepted (34.02.01.2001.01 is 16)
LEVELS = ("kabupaten", "kapanewon", "kalurahan")  # target levels
JOB_KINDS = ("import", "merge", "run")
JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class BadQuery(APIException):
    """400 with {"detail": "...", "code": "api.query" | "api.run", "errors": {"param": ["..."]}}."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "api.query"


def query(request, serializer_class) -> dict:
    # a plain dict, not the QueryDict: DRF would read `run=` or `by=` as absent (an HTML form's empty
    # field); here an empty value is refused like any other malformed one (the last of repeated ones counts)
    form = serializer_class(data=request.query_params.dict())
    if form.is_valid():
        return form.validated_data
    errors = {name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])] for name, msgs in form.errors.items()}
    text = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
    code = "api.run" if "run" in errors else "api.query"
    raise BadQuery({"detail": _("Parameter tidak sah — %(errors)s") % {"errors": text}, "code": code, "errors": errors})


def _run_field():
    return serializers.IntegerField(required=False, min_value=1, max_value=BIGINT,
                                    help_text="run id (default: latest published run); not a whole number: 400")


NO_NUL = r"^[^\x00]+$"  # written in the schema too: a NUL character is a 400 (views._NoNul)
# (`+`, not `*`: an empty value is allowed beside the pattern, and must match only one of the two)
CODE = r"^[0-9A-Za-z._-]+$"  # an area code: 34.02.01.2001 (digits, dots; letters in test data)


def _text(help_text: str = "", max_length: int = AREA, pattern: str = NO_NUL, **kw):
    return serializers.RegexField(pattern, required=False, allow_blank=True, max_length=max_length,
                                  help_text=help_text, **kw)


class RunQuery(serializers.Serializer):
    run = _run_field()


class WithinQuery(RunQuery):
    within = _text("area code to limit to, e.g. 34.02.01", pattern=CODE)


NATIONAL_TERMS = ("kecamatan", "desa", "kelurahan", "dusun")  # core.terms.level_alias maps them


class CoverageQuery(WithinQuery):
    by = serializers.ChoiceField(choices=list(cov.LEVEL_FIELD) + list(NATIONAL_TERMS), required=False,
                                 default="kapanewon", help_text="grouping; kecamatan, desa, kelurahan and dusun "
                                 "mean kapanewon, kalurahan, kalurahan and padukuhan (the national terms)")


class PersonQuery(RunQuery):
    area = serializers.RegexField(CODE, max_length=AREA, help_text="kalurahan or padukuhan code")
    status = serializers.ChoiceField(choices=list(cov.STATUS_FILTERS), required=False, default="uncovered",
                                     help_text="uncovered = none + nonactive")
    ecosystem = _text("one ecosystem only (pertanian, perdagangan, …)")
    padukuhan = _text("one padukuhan code only", pattern=CODE)
    q = _text("part of the name, or a whole NIK or KPJ", max_length=100)


class RunListQuery(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="runs of this as-of date (YYYY-MM-DD)")
    as_of_after = serializers.DateField(required=False, help_text="as-of date on or after (YYYY-MM-DD)")
    as_of_before = serializers.DateField(required=False, help_text="as-of date on or before (YYYY-MM-DD)")
    engine = _text("duckdb | spark", max_length=20)


class JobListQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(JOB_KINDS), required=False)
    status = serializers.ChoiceField(choices=list(JOB_STATUSES), required=False)


class TargetQuery(serializers.Serializer):
    target = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT,
                                      help_text="root target id (default: the one holding your own area's target)")
    level = serializers.ChoiceField(choices=list(LEVELS), required=False, help_text="one area level only")
