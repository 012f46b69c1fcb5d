"""Shapes of the job API (uploads, runs, jobs) for the OpenAPI schema."""
from rest_framework import serializers

from cakupan.core.vocab import ROSTER_KINDS


class JobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["import", "merge", "run"])
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed", "cancelled"])
    progress = serializers.FloatField(help_text="0..1")
    step = serializers.CharField(help_text="the current step in words")
    message = serializers.CharField(help_text="one line: the outcome, or the error when failed")
    result = serializers.JSONField(
        allow_null=True,
        help_text="import/merge: the object `cakupan import --json` prints; run: run_id, as_of, workforce, "
        "active, nonactive, pct, counts by link method")
    params = serializers.JSONField()
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["population", "members", "roster"])
    roster_kind = serializers.ChoiceField(choices=list(ROSTER_KINDS.codes), required=False, allow_blank=True)
    as_of = serializers.DateField(help_text="YYYY-MM-DD: the date of the extract")
    file = serializers.FileField(help_text="CSV, XLSX or Parquet; streamed to disk")
    sheet = serializers.CharField(required=False, allow_blank=True, help_text="XLSX sheet (default: the first)")
    fix_of = serializers.IntegerField(required=False, help_text="snapshot id whose quarantined rows this file fixes")
    columns = serializers.JSONField(required=False, help_text='{"nik": "header in the file", ...} to override detection')

    def validate(self, attrs):
        if attrs["kind"] == "roster" and not attrs.get("roster_kind"):
            raise serializers.ValidationError({"roster_kind": "Wajib untuk kind=roster."})
        cols = attrs.get("columns")
        if cols is not None and not (isinstance(cols, dict) and all(isinstance(v, str) for v in cols.values())):
            raise serializers.ValidationError({"columns": "Harus objek JSON {kolom: judul kolom di berkas}."})
        return attrs


class RunRequestSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, allow_null=True,
                                  help_text="YYYY-MM-DD (default: the newest member snapshot's date)")
