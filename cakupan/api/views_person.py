"""Why one person is (not) counted, as JSON: the same explanation as the /orang/ page and
`cakupan person`, from the explain door (cakupan.explain.selectors). Scoped and audited there
(`search_person`, `explain_person`, `detail.via = "api"`); the full NIK leaves only for the roles
that see it.

    GET /api/persons/explain/?nik=3402014101800001
    GET /api/persons/explain/?kpj=11000000001
    GET /api/persons/explain/?nama=sukardi&lahir=1980-01-01&run=12

One shape for every answer: `count` people matched, `matches` lists them (the NIK as the role may
see it), `explanation` is filled when exactly one matched and null when several did (narrow the
search down). Nobody in scope: 404 with the same message whether the person does not exist or lives
outside the caller's scope.
"""
from __future__ import annotations

from datetime import date

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from cakupan.accounts.scope import scope_for
from cakupan.coverage import selectors as cov
from cakupan.errors import UserError
from cakupan.explain import selectors as explain

from . import params as p
from .serializers import ErrorSerializer
from .views import APIView

# a UserError's code -> HTTP status; every other user error is a bad request (400)
HTTP_OF_CODE = {"explain.not_found": status.HTTP_404_NOT_FOUND, "explain.forbidden": status.HTTP_403_FORBIDDEN,
                "explain.no_run": status.HTTP_404_NOT_FOUND}


class SentenceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="the branch, whatever the language: link.exact, status.lapsed, …")
    text = serializers.CharField(help_text="the sentence (Indonesian; English when the language cookie says en)")


class SectionSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["workforce", "linkage", "status", "ecosystem", "outreach"])
    title = serializers.CharField()
    sentences = SentenceSerializer(many=True)


class HistoryRowSerializer(serializers.Serializer):
    run_id = serializers.IntegerField()
    as_of = serializers.DateField()
    available = serializers.BooleanField(help_text="false when retention removed the run's person-level file")
    found = serializers.BooleanField(help_text="the NIK is in that run's population")
    in_workforce = serializers.BooleanField(allow_null=True)
    excluded_reason = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    segment = serializers.CharField(allow_null=True)
    ecosystem = serializers.CharField(allow_null=True)
    link_method = serializers.CharField(allow_null=True)
    kpj = serializers.CharField(allow_null=True)


class ExplainedPersonSerializer(serializers.Serializer):
    """The person's row in the run; empty when the NIK is only on a card (office-wide roles)."""

    nama = serializers.CharField(required=False, allow_null=True)
    sex = serializers.CharField(required=False, allow_null=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    age = serializers.IntegerField(required=False, allow_null=True)
    kapanewon = serializers.CharField(required=False, allow_blank=True, help_text="area name")
    kalurahan = serializers.CharField(required=False, allow_blank=True, help_text="area name")
    padukuhan = serializers.CharField(required=False, allow_blank=True, help_text="area name")
    kalurahan_code = serializers.CharField(required=False, allow_null=True)
    padukuhan_code = serializers.CharField(required=False, allow_null=True)
    pekerjaan_kode = serializers.IntegerField(required=False, allow_null=True, help_text="Dukcapil occupation code")
    excluded_reason = serializers.CharField(required=False, allow_null=True,
                                            help_text="why not in the workforce (PNS, asn, under_15, …); null when in")
    in_workforce = serializers.BooleanField(required=False, allow_null=True)
    ecosystem = serializers.CharField(required=False, allow_null=True)
    status = serializers.CharField(required=False, allow_null=True, help_text="active | nonactive | none")
    segment = serializers.CharField(required=False, allow_null=True)
    kpj = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    paid_through = serializers.DateField(required=False, allow_null=True)
    link_method = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    member_records = serializers.IntegerField(required=False, allow_null=True)
    months_behind = serializers.IntegerField(required=False, allow_null=True)
    lapse_month = serializers.DateField(required=False, allow_null=True)


class ExplanationSerializer(serializers.Serializer):
    nik = serializers.CharField(help_text="masked (3402********0001) unless the role needs the full NIK")
    run = serializers.IntegerField()
    as_of = serializers.DateField()
    person = ExplainedPersonSerializer()
    sections = SectionSerializer(many=True, help_text="workforce, linkage, status, ecosystem, outreach")
    history = HistoryRowSerializer(many=True, help_text="the last published runs, oldest first")
    changes = SentenceSerializer(many=True, help_text="what changed between those runs, in sentences")


class MatchSerializer(serializers.Serializer):
    nik = serializers.CharField(help_text="masked (3402********0001) unless the role needs the full NIK")
    nama = serializers.CharField(allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    area = serializers.CharField(allow_blank=True, help_text="kalurahan name")
    in_workforce = serializers.BooleanField(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="active | nonactive | none")


class PersonExplainSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="people matched in your scope (at least 1; up to 20)")
    matches = MatchSerializer(many=True)
    explanation = ExplanationSerializer(allow_null=True, help_text="when exactly one matched; else null")


def _error(message: str, code: str) -> Response:
    return Response({"detail": message, "code": code}, status=HTTP_OF_CODE.get(code, status.HTTP_400_BAD_REQUEST))


def _lahir(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"lahir harus berformat YYYY-MM-DD, bukan {value[:20]!r}.", code="api.lahir") from None


def _match(hit: explain.Hit) -> dict:
    return {"nik": hit.nik_shown, "nama": hit.nama, "birth_date": hit.birth_date, "area": hit.area,
            "in_workforce": hit.in_workforce, "status": hit.status}


class PersonExplainView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("nik", str, description="NIK, 16 digits (spaces, dots and dashes are ignored)"),
            OpenApiParameter("kpj", str, description="BPJS TK membership number: the person the card is linked to "
                                                     "(else the NIK written on it)"),
            OpenApiParameter("nama", str, description="part of the name, at least 3 letters; with lahir"),
            OpenApiParameter("lahir", date, description="birth date YYYY-MM-DD; with nama"),
            p.RunQuery,
        ],
        responses={
            200: PersonExplainSerializer,
            400: OpenApiResponse(ErrorSerializer, description="a malformed query (bad NIK, run, date, …)"),
            403: OpenApiResponse(ErrorSerializer, description="your role may not see personal data"),
            404: OpenApiResponse(ErrorSerializer, description="nobody in your scope matched (the same answer "
                                                              "for people who exist elsewhere), or no run yet"),
        },
        summary="Why one person is (not) counted: every decision behind their figures, in sentences "
                "(one of nik, kpj, or nama + lahir; scoped, NIK masked for most roles, audited)",
    )
    def get(self, request):
        q = request.query_params
        wanted = p.query(request, p.RunQuery).get("run")  # not a whole number: 400, code api.run
        scope = scope_for(request.user)
        try:
            run = cov.run_chosen(run_id=wanted)
            hits = explain.person_find(user=request.user, scope=scope, nik=q.get("nik", ""), kpj=q.get("kpj", ""),
                                       nama=q.get("nama", ""), lahir=_lahir(q.get("lahir", "")), run=run, via="api")
            if not hits:
                raise explain.not_found()
            expl = None
            if len(hits) == 1:
                expl = explain.explanation_dict(
                    explain.person_explain(user=request.user, scope=scope, nik=hits[0].nik, run=run, via="api"))
        except UserError as exc:
            return _error(str(exc), exc.code)
        data = {"count": len(hits), "matches": [_match(h) for h in hits], "explanation": expl}
        return Response(PersonExplainSerializer(data).data)
