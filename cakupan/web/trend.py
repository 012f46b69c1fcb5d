"""The trend block of the dashboard and the area pages: coverage % by date with the target path,
the forecast band up to the target's due date, and the monthly flows (new / re-activated /
lapsed + left) as bars with a table of the same figures. Read through the domain doors only
(cakupan.coverage.selectors, cakupan.targets.forecasting), inside the cached page body: one read of
the history, one of the flows, and the forecast only when the area has a target.

    trend_block(run=run, scope=scope, code="34.02", points=cov.history_points(...), target=target)
    # {"chart": charts.Chart | None, "trend_rows": [...], "forecast_note": str}
"""
from __future__ import annotations

import logging
from datetime import date

from django.utils.translation import gettext as _

from cakupan.core.formatting import bulan
from cakupan.coverage import selectors as cov
from cakupan.errors import UserError
from cakupan.targets.forecasting import forecast_area
from cakupan.targets.tracking import latest_due

from . import charts
from .compose import target_path

log = logging.getLogger(__name__)


def trend_block(*, run, scope, code: str, points: list, target: dict | None) -> dict:
    """points: cov.history_points of `code` up to the run's as-of; target: target_summary's dict."""
    flows = [f for f in cov.flows_by_month(scope=scope, area_code=code) if f["as_of"] <= run.as_of]
    pct = [(h.as_of, 100.0 * h.active / h.workforce) for h in points if h.workforce]
    workforce = next((h.workforce for h in reversed(points) if h.workforce), 0)
    forecast, note = forecast_pct(code=code, as_of=run.as_of, target=target, workforce=workforce) \
        if pct else ([], "")
    chart = charts.trend_chart(pct, target_path(target), as_of=run.as_of, forecast=forecast, flows=flows)
    return {"chart": chart, "trend_rows": table_rows(points, flows) if chart else [], "forecast_note": note}


def forecast_pct(*, code: str, as_of: date, target: dict | None, workforce: int) -> tuple[list[tuple], str]:
    """[(month end, point %, low %, high %)] from the month after the as-of to the target's due
    month, in percent of the area's workforce on the as-of date; or ([], one sentence why not)."""
    if not target or not target.get("due"):
        return [], _("Ramalan digambar setelah target wilayah ini ditetapkan.")
    if target.get("baseline_as_of") and target["due"] > latest_due(target["baseline_as_of"]):
        return [], _("Tanggal target terlalu jauh dari tanggal dasarnya: tidak diramal.")
    if not workforce:
        return [], _("Angkatan kerja wilayah ini kosong: tidak diramal.")
    try:
        fc = forecast_area(area_code=code, origin=as_of, to=target["due"])
    except UserError as exc:
        return [], _forecast_message(exc)
    except Exception:  # a broken forecast must not break the page: logged, no band drawn
        log.exception("forecast_area failed for %s", code)
        return [], _("Ramalan tidak dapat dihitung untuk wilayah ini.")

    def pct(n: int) -> float:
        return min(max(100.0 * n / workforce, 0.0), 100.0)
    return [(m, pct(p), pct(lo), pct(hi)) for m, p, lo, hi in zip(fc.months, fc.point, fc.low, fc.high)], ""


def _forecast_message(exc: UserError) -> str:
    if exc.code == "forecast.no_history":
        return _("Riwayat bulanan wilayah ini belum cukup untuk meramal (perlu minimal 2 bulan).")
    if exc.code == "forecast.to":
        return _("Tanggal target tidak sesudah bulan data ini: tidak diramal.")
    if exc.code == "forecast.no_end":
        return _("Ramalan digambar setelah target wilayah ini ditetapkan.")
    return str(exc)


def table_rows(points: list, flows: list[dict]) -> list[dict]:
    """One row per date of the trend (and per run month): active and % as the line shows them,
    the flows only for a run compared with a previous run (None otherwise: shown as –)."""
    by_date = {f["as_of"]: f for f in flows}
    rows = {h.as_of: {"as_of": h.as_of, "active": h.active,
                      "pct": 100.0 * h.active / h.workforce if h.workforce else None} for h in points}
    for d, f in by_date.items():
        rows.setdefault(d, {"as_of": d, "active": f["active"], "pct": f["pct"] if f["workforce"] else None})
    out = []
    for d in sorted(rows):
        f = by_date.get(d)
        compared = f is not None and f["previous_run"] is not None
        out.append({**rows[d], "month": bulan(d),
                    **{k: (f[k] if compared else None) for k in ("new", "reactivated", "lapsed", "left")}})
    return out
