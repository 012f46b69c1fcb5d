"""Read-only target API: each area's target and progress (cakupan.targets.selectors), limited to
the caller's scope like the /target/ page."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from cakupan.accounts.scope import scope_for
from cakupan.targets import selectors as tsel
from cakupan.wilayah.selectors import area_names

from . import params as p
from .views import APIView


class TargetRowSerializer(serializers.Serializer):
    area_code = serializers.CharField()
    name = serializers.CharField()
    target_id = serializers.IntegerField()
    due = serializers.DateField()
    target_pct = serializers.FloatField(help_text="target as % of the baseline workforce")
    target_count = serializers.IntegerField(help_text="active members to reach by the due date")
    expected_to_date = serializers.IntegerField(help_text="the linear path's value on as_of")
    actual = serializers.IntegerField()
    actual_pct = serializers.FloatField()
    gap = serializers.IntegerField()
    needed_per_month = serializers.IntegerField(help_text="gross new members per month, net of expected lapses")
    status = serializers.CharField(help_text="hijau | kuning | merah")


class TargetListSerializer(serializers.Serializer):
    target = serializers.IntegerField(allow_null=True, help_text="the root target shown (set, not allocated)")
    as_of = serializers.DateField(allow_null=True)
    roots = serializers.ListField(child=serializers.IntegerField(), help_text="root targets in scope, newest first")
    rows = TargetRowSerializer(many=True)


class TargetListView(APIView):
    @extend_schema(
        parameters=[p.TargetQuery],
        responses=TargetListSerializer,
        summary="Target status per area (the figures of the /target/ page), within your scope",
    )
    def get(self, request):
        q = p.query(request, p.TargetQuery)
        scope = scope_for(request.user)
        roots = tsel.target_roots(scope=scope)
        level = q.get("level") or None
        wanted = q.get("target")
        if wanted:
            chosen = next((t for t in roots if t.id == wanted), None)
        else:  # the user's own area's target, as on /target/ and the dashboard
            chosen = tsel.target_default(scope=scope, as_of=tsel.default_origin())
        if wanted and chosen is None:
            raise Http404("Target tidak ditemukan atau di luar cakupan Anda.")
        data = {"target": chosen.id if chosen else None, "as_of": None, "roots": [t.id for t in roots], "rows": []}
        if chosen is not None:
            as_of = tsel.default_origin() or chosen.baseline_as_of
            table = tsel.target_table(target=chosen, as_of=as_of, scope=scope, level=level)
            names = area_names([t.area_id for t, _ in table])
            data["as_of"] = as_of
            data["rows"] = [
                {"area_code": t.area_id, "name": names.get(t.area_id, t.area_id), "target_id": t.id, "due": t.due,
                 "target_pct": st.target_pct, "target_count": st.target_count,
                 "expected_to_date": st.expected_to_date, "actual": st.actual, "actual_pct": st.actual_pct,
                 "gap": st.gap, "needed_per_month": st.needed_per_month, "status": st.status}
                for t, st in table
            ]
        return Response(TargetListSerializer(data).data)
