from rest_framework import serializers


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField()
    engine = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)


class CoverageRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="area code, ecosystem, segment, sex or age band")
    name = serializers.CharField(help_text="area name (areas only; else the key)")
    workforce = serializers.IntegerField()
    active = serializers.IntegerField()
    nonactive = serializers.IntegerField()
    uncovered = serializers.IntegerField()
    pct = serializers.FloatField(help_text="active / workforce x 100, two decimals")


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
