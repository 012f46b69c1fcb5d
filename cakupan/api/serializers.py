from rest_framework import serializers


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField()
    engine = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)


SMALL = " null when hidden by the small-cell rule (listed in `suppressed`)"


class CoverageRowSerializer(serializers.Serializer):
    """One coverage row. For a role without person-level access, every count 0 < n < k
    (CAKUPAN_SUPPRESS_BELOW, default 5) is null, and so is every figure derived from one; `suppressed`
    names them (docs/privacy.md "Small cells")."""

    key = serializers.CharField(help_text="area code, ecosystem, segment, sex or age band")
    name = serializers.CharField(help_text="area name (areas only; else the key)")
    workforce = serializers.IntegerField(allow_null=True, help_text="workers counted;" + SMALL)
    active = serializers.IntegerField(allow_null=True, help_text="active members, provisional ones included;" + SMALL)
    provisional = serializers.IntegerField(
        allow_null=True, help_text="of `active`: active only through an enrolment registered in cakupan, not yet "
                                   "confirmed by a BPJS extract;" + SMALL)
    confirmed = serializers.IntegerField(allow_null=True, help_text="active - provisional;" + SMALL)
    nonactive = serializers.IntegerField(allow_null=True, help_text="registered, not active;" + SMALL)
    uncovered = serializers.IntegerField(allow_null=True, help_text="workforce - active;" + SMALL)
    pct = serializers.FloatField(allow_null=True, help_text="active / workforce x 100, two decimals;" + SMALL)
    confirmed_pct = serializers.FloatField(allow_null=True, help_text="confirmed / workforce x 100, two decimals;" + SMALL)
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="the fields of this row hidden (null) by the small-cell rule: counts 0 < n < k "
                  "(k = CAKUPAN_SUPPRESS_BELOW, default 5) for roles without person-level access, and "
                  "the figures derived from them; empty otherwise")
    suppress_below = serializers.IntegerField(help_text="k of the small-cell rule applied to this row (0: exact figures)")


class CoverageSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    as_of = serializers.DateField()
    by = serializers.CharField()
    within = serializers.CharField(allow_blank=True)
    rows = CoverageRowSerializer(many=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nik = serializers.CharField(help_text="masked (3402********0001) unless the role needs the full NIK")
    nama = serializers.CharField()
    sex = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    padukuhan_code = serializers.CharField()
    ecosystem = serializers.CharField()
    status = serializers.CharField()
    segment = serializers.CharField()
    kpj = serializers.CharField(allow_blank=True)
    paid_through = serializers.DateField(allow_null=True)


class PersonPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = PersonSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API: a sentence in `detail` (Indonesian; English with the language
    cookie), and for the API's own checks a stable `code` and, for query parameters, `errors`."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False, help_text="api.query, api.run, api.page, explain.not_found, …")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="the parameters refused, each with its messages")
