"""A small published run built directly with the ORM: 2 kapanewon, 3 kalurahan, 6 padukuhan,
persons with every status, facts aggregated from those persons (so they agree), history points
and review items. Used by the web, accounts, api and linkage review tests."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from cakupan.coverage.models import CoverageFact, CoverageHistory, CoverageRun, PersonStatus
from cakupan.linkage.models import ReviewItem
from cakupan.wilayah.models import Area

KAB = "34.02"
KAP_A, KAP_B = "34.02.01", "34.02.02"
KAL_A, KAL_A2, KAL_B = "34.02.01.2001", "34.02.01.2002", "34.02.02.2001"
PADUKUHAN = {
    KAL_A: ("krajan", "ngentak"),
    KAL_A2: ("sorobayan", "gunungsaren"),
    KAL_B: ("gadingsari", "wonorejo"),
}
ECOSYSTEMS = ("desa", "pasar", "umkm", "rentan")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
AS_OF = date(2023, 2, 27)


@dataclass
class Published:
    run: CoverageRun
    persons_by_kalurahan: dict[str, int]


def _area(code, name, kind, parent=None):
    return Area.objects.update_or_create(
        code=code, defaults={"name": name, "name_key": name.lower(), "kind": kind, "parent_id": parent}
    )[0]


def areas_make() -> None:
    _area("34", "DI Yogyakarta", "provinsi")
    _area(KAB, "Kabupaten Bantul", "kabupaten", "34")
    _area(KAP_A, "Srandakan", "kapanewon", KAB)
    _area(KAP_B, "Sanden", "kapanewon", KAB)
    for code, name, parent in ((KAL_A, "Poncosari", KAP_A), (KAL_A2, "Trimurti", KAP_A), (KAL_B, "Gadingsari", KAP_B)):
        _area(code, name, "kalurahan", parent)
        for slug in PADUKUHAN[code]:
            _area(f"{code}.{slug}", slug.title(), "padukuhan", code)


def age_band(age: int) -> str:
    if age >= 65:
        return "65+"
    lo = (age // 5) * 5
    return f"{lo}-{lo + 4}"


def run_make(*, as_of: date = AS_OF, per_padukuhan: int = 12, with_history: bool = True,
             provisional: int = 0) -> Published:
    """A DONE run whose facts are exactly the aggregation of its PersonStatus rows. `provisional`:
    how many active persons of the first padukuhan (Krajan) are active only through an enrolment
    made in cakupan (link_method 'provisional'): a tiny cell for the small-cell rule."""
    areas_make()
    run = CoverageRun.objects.create(as_of=as_of, status=CoverageRun.Status.DONE)
    persons, serial = [], 0
    counts: Counter = Counter()
    for kal, slugs in PADUKUHAN.items():
        kap = kal.rsplit(".", 1)[0]
        for j, slug in enumerate(slugs):
            n = per_padukuhan + (3 if kal == KAL_A and j == 0 else 0)
            prov_left = provisional if kal == KAL_A and j == 0 else 0
            for i in range(n):
                serial += 1
                status = ("active", "nonactive", "none", "none")[i % 4]
                prov = status == "active" and prov_left > 0
                prov_left -= prov
                segment = SEGMENTS[(i // 4) % 4] if status != "none" else "NONE"
                sex = "L" if i % 2 == 0 else "P"
                age = 18 + (i * 3) % 50
                day = 1 + i % 28 + (40 if sex == "P" else 0)
                nik = f"340201{day:02d}0{1 + i % 9}{(90 + i) % 100:02d}{serial:04d}"[:16]
                persons.append(PersonStatus(
                    run=run, nik=nik, nama=f"Warga {slug.title()} {i + 1}", sex=sex, age=age,
                    birth_date=date(as_of.year - age, 1 + i % 9, 1 + i % 28),
                    kapanewon_code=kap, kalurahan_code=kal, padukuhan_code=f"{kal}.{slug}",
                    pekerjaan_kode=9, ecosystem=ECOSYSTEMS[i % 4], status=status, segment=segment,
                    kpj=f"{23000000000 + serial}" if status != "none" else "",
                    paid_through=date(2022, 12, 1) if status == "nonactive" else (date(2023, 2, 1) if status == "active" else None),
                    link_method="provisional" if prov else "",
                ))
                key = (kap, kal, f"{kal}.{slug}", ECOSYSTEMS[i % 4], segment, sex, age_band(age))
                counts[key + ("w",)] += 1
                counts[key + (status,)] += 1
                counts[key + ("provisional",)] += prov
    PersonStatus.objects.bulk_create(persons)
    keys = {k[:-1] for k in counts}
    CoverageFact.objects.bulk_create([
        CoverageFact(run=run, kabupaten_code=KAB, kapanewon_code=k[0], kalurahan_code=k[1], padukuhan_code=k[2],
                     ecosystem=k[3], segment=k[4], sex=k[5], age_band=k[6], workforce=counts[k + ("w",)],
                     active=counts[k + ("active",)], nonactive=counts[k + ("nonactive",)],
                     provisional=counts[k + ("provisional",)])
        for k in sorted(keys)
    ])
    if with_history:
        history_make(run)
    review_items_make(run)
    by_kal = Counter(p.kalurahan_code for p in persons if p.status != "active")
    return Published(run=run, persons_by_kalurahan=dict(by_kal))


def history_make(run: CoverageRun) -> None:
    """Monthly points for the kabupaten and each area: Dec and Jan from 'history', the run's own."""
    from django.db.models import Sum

    levels = {KAB: "kabupaten", KAP_A: "kapanewon", KAP_B: "kapanewon", KAL_A: "kalurahan",
              KAL_A2: "kalurahan", KAL_B: "kalurahan"}
    for code, kind in levels.items():
        agg = CoverageFact.objects.filter(run=run, padukuhan_code__startswith=code + ".").aggregate(
            w=Sum("workforce"), a=Sum("active"), n=Sum("nonactive"))
        w, a, n = agg["w"] or 0, agg["a"] or 0, agg["n"] or 0
        for as_of, active, source in ((date(2022, 12, 31), max(a - 4, 0), "history"),
                                      (date(2023, 1, 31), max(a - 2, 0), "history"), (run.as_of, a, "run")):
            CoverageHistory.objects.update_or_create(
                as_of=as_of, area_code=code, segment="ALL", source=source,
                defaults={"area_kind": kind, "workforce": w, "active": active, "nonactive": n},
            )


def review_items_make(run: CoverageRun) -> list[ReviewItem]:
    specs = [
        (KAL_A, "23000009991", "3402010101900001", 0.82, "nama mirip (Soeparman ~ Suparman), tanggal lahir sama"),
        (KAL_A, "23000009992", "3402014202910002", 0.64, "nama sama, tanggal lahir beda 1 hari"),
        (KAL_B, "23000009993", "3402020303920003", 0.71, "NIK beda satu digit, nama sama"),
    ]
    items = []
    for kal, kpj, nik, p, reasons in specs:
        items.append(ReviewItem.objects.create(
            run=run, member_key=kpj, kpj=kpj, candidate_nik=nik, match_probability=p, reasons=reasons,
            member={"nama": "Soeparman", "nik": nik[:-1] + "9", "tanggal_lahir": "1990-01-01", "jenis_kelamin": "L", "kode_wilayah": kal},
            candidate={"nama": "Suparman", "nik": nik, "tanggal_lahir": "1990-01-01", "jenis_kelamin": "L", "kode_wilayah": kal},
            kalurahan_code=kal,
        ))
    return items


PASSWORD = "sandi-uji-123"


def users_make() -> dict:
    """One user per role (username = role); kalurahan_b operates the other kapanewon's kalurahan."""
    from cakupan.accounts.services import user_create

    areas_make()
    specs = {
        "admin": {}, "analis": {}, "kepatuhan": {}, "pimpinan": {},
        "kapanewon": {"area_code": KAP_A},
        "kalurahan": {"area_code": KAL_A},
        "kalurahan_b": {"area_code": KAL_B, "role": "kalurahan"},
        "mitra": {"org": "Dinas Pasar", "ecosystems": ("pasar",)},
    }
    users = {}
    for name, spec in specs.items():
        spec = dict(spec)
        role = spec.pop("role", name)
        users[name] = user_create(username=name, role=role, password=PASSWORD, **spec)
    return users
