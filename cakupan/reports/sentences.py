"""The monthly report's sentences, written from its figures in Indonesian with Indonesian number
formats (cakupan.core.formatting), always in Bahasa Indonesia whatever the active language:

    Cakupan naik 0,8 poin menjadi 26,0 % (115.427 dari 457.718 pekerja).
    Dari peserta aktif itu, 120 masih sementara: didaftarkan lewat cakupan, belum ada di data peserta BPJS; tanpa mereka cakupan 25,9 %.
    Bulan ini 1.234 peserta baru, 56 aktif lagi, 789 berhenti.
    3 dari 17 kapanewon di jalur target.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from cakupan.core.formatting import angka, persen, tanggal
from cakupan.core.terms import level_term

if TYPE_CHECKING:
    from cakupan.coverage.selectors import CoverageRow

    from .monthly import MonthlyReport

ID = "id"


def _ratio(row) -> float:
    """Coverage % from the counts (a CoverageRow or an AreaLine), not from a rounded percentage."""
    return 100.0 * row.active / row.workforce if row.workforce else 0.0


def change_sentence(total: CoverageRow, previous: CoverageRow | None) -> str:
    now = f"{persen(_ratio(total), 1, lang=ID)} ({angka(total.active, lang=ID)} dari {angka(total.workforce, lang=ID)} pekerja)"
    if previous is None:
        return f"Ini laporan bulan pertama, belum ada bulan sebelumnya untuk dibandingkan: cakupan {now}."
    delta = round(_ratio(total) - _ratio(previous), 1)
    if delta > 0:
        return f"Cakupan naik {angka(delta, 1, lang=ID)} poin menjadi {now}."
    if delta < 0:
        return f"Cakupan turun {angka(-delta, 1, lang=ID)} poin menjadi {now}."
    return f"Cakupan tetap {now}."


def provisional_sentence(total: CoverageRow) -> str | None:
    """The provisional part of the active count, apart from the confirmed coverage (None when there is none)."""
    if not total.provisional or total.confirmed_pct is None:
        return None
    return (f"Dari peserta aktif itu, {angka(total.provisional, lang=ID)} masih sementara: didaftarkan lewat cakupan, "
            f"belum ada di data peserta BPJS; tanpa mereka cakupan {persen(total.confirmed_pct, 1, lang=ID)}.")


def flows_sentence(flows: dict | None) -> str | None:
    if flows is None:
        return None
    text = (f"Bulan ini {angka(flows['new'], lang=ID)} peserta baru, {angka(flows['reactivated'], lang=ID)} aktif lagi, "
            f"{angka(flows['lapsed'], lang=ID)} berhenti")
    if flows["left"]:
        text += f", {angka(flows['left'], lang=ID)} keluar dari angkatan kerja"
    return text + "."


def target_sentences(data: MonthlyReport) -> list[str]:
    out = []
    t = data.target
    if t:
        due = tanggal(t["due"], lang=ID)
        if t["gap"] <= 0:
            out.append(f"Target {persen(t['pct'], 1, lang=ID)} pada {due} sudah tercapai.")
        else:
            label = {"hijau": "sesuai jalur", "kuning": "sedikit tertinggal", "merah": "tertinggal"}.get(t["status"], "")
            out.append(f"Target {persen(t['pct'], 1, lang=ID)} pada {due}: masih kurang {angka(t['gap'], lang=ID)} "
                       f"peserta aktif" + (f", {label}." if label else "."))
    kids = list(data.children) if data.child_level in ("kapanewon", "kalurahan") else []
    if kids:
        with_target = [c for c in kids if c.status]
        if not with_target:
            out.append(f"Belum ada target per {data.child_word}.")
        else:
            on_track = sum(1 for c in kids if c.status == "hijau")
            text = f"{angka(on_track, lang=ID)} dari {angka(len(kids), lang=ID)} {data.child_word} di jalur target"
            missing = len(kids) - len(with_target)
            out.append(text + (f" ({angka(missing, lang=ID)} belum punya target)." if missing else "."))
    return out


def ranking_sentence(data: MonthlyReport) -> str | None:
    if not data.top or not data.bottom:
        return None
    best, worst = data.top[0], data.bottom[0]
    # each area by its own word (core.terms): Kalurahan in Bantul, Desa or Kelurahan by the code elsewhere
    return (f"Cakupan tertinggi di {level_term(best.code).capitalize()} {best.name} ({persen(_ratio(best), 1, lang=ID)}), "
            f"terendah di {level_term(worst.code).capitalize()} {worst.name} ({persen(_ratio(worst), 1, lang=ID)}).")


def report_sentences(data: MonthlyReport) -> list[str]:
    parts = [change_sentence(data.total, data.previous_total), provisional_sentence(data.total),
             flows_sentence(data.flows),
             *target_sentences(data), ranking_sentence(data)]
    return [p for p in parts if p]
