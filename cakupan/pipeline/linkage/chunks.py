"""Which members are scored against which people, and with what prior (on the pipeline's engine).

Members are split by area: those living inside the population register's areas and *the rest* (no
area, or an area outside the register: people working here but registered elsewhere), who get a
prior of their own (`rest_prior_ratio`, applied to their scores after prediction). By default every
member is scored against the whole population in one pass (EVERYONE); with `chunk_prefix` the
in-area members are scored area by area and the rest against everybody. Area prefix: `chunk_prefix`
characters of kode_wilayah, else 5 (kabupaten). A chunk's tables (lk_left_c, lk_right_c) are steps;
the rest are small queries (`engine.rows`, `engine.scalar`).
"""
from __future__ import annotations

from ..steps import NotNull, Step, steps_run

REST, EVERYONE = None, "**"


def _k(settings) -> int:
    return int(settings.chunk_prefix or 5)


def _in_area(k: int, col: str = "kode_wilayah") -> str:
    # lk_area_codes: the population's distinct kalurahan codes (prepare.steps_prepare), a few
    # hundred rows instead of a scan of the whole population each time the condition is used
    return f"left({col}, {k}) IN (SELECT DISTINCT left(kode_wilayah, {k}) FROM lk_area_codes)"


def chunks(engine, settings) -> list[str | None]:
    """EVERYONE (all members, whole population), or each area prefix and then REST."""
    if not settings.chunk_prefix:
        return [EVERYONE]
    k = _k(settings)
    rows = engine.rows(f"SELECT DISTINCT left(kode_wilayah, {k}) AS c FROM lk_left WHERE {_in_area(k)} "
                       "ORDER BY c")
    return [r[0] for r in rows] + [REST]


def training_tables(work, settings, timings: dict[str, float]) -> tuple[str, str]:
    """All member records against the population, or the largest area's."""
    if not settings.chunk_prefix:
        return "lk_all", "lk_right"
    k = _k(settings)
    area = work.rows(f"SELECT left(kode_wilayah, {k}) AS c FROM lk_all WHERE {_in_area(k)} "
                     "GROUP BY left(kode_wilayah, {k}) ORDER BY count(*) DESC, c LIMIT 1")[0][0]
    return chunk_tables(work, settings=settings, chunk=area, left="lk_all", timings=timings)


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def chunk_tables(work, *, settings, chunk: str | None, timings: dict[str, float],
                 left: str = "lk_left") -> tuple[str, str]:
    """The (left, right) tables of one chunk; lk_left_c (and lk_right_c) are steps."""
    k = _k(settings)
    if chunk == EVERYONE:
        return left, "lk_right"
    if chunk is REST:
        where = rest_condition(settings)
        steps = [Step("lk_left_c", "one row per member record of the chunk: the rest (no area, or outside)",
                      f"SELECT * FROM {left} WHERE {where}", (NotNull("unique_id"),))]
    else:
        where = f"left(kode_wilayah, {k}) = {_text(chunk)}"
        steps = [Step("lk_left_c", f"one row per member record of the chunk: area {chunk}",
                      f"SELECT * FROM {left} WHERE {where}", (NotNull("unique_id"),)),
                 Step("lk_right_c", f"one row per person of the chunk: area {chunk}",
                      f"SELECT * FROM lk_right WHERE {where}", (NotNull("unique_id"),))]
    steps_run(work, steps, {}, timings)
    return ("lk_left_c", "lk_right") if chunk is REST else ("lk_left_c", "lk_right_c")


def rest_condition(settings, col: str = "kode_wilayah") -> str:
    """SQL: the member (a row with `col`) is one of the rest."""
    return f"({col} IS NULL OR NOT ({_in_area(_k(settings), col)}))"


def rest_prior_ratio(engine, settings) -> float:
    """How much likelier (or, usually, less likely) a member of the rest is to be in the register
    than one living in its areas — measured without labels as the ratio of their trusted exact NIK
    match rates (NIK keying errors hit both groups alike). Scales λ for the rest."""
    k = _k(settings)
    # counts, divided here: an average of 1.0/0.0 literals is a DECIMAL on Spark (rounded to 5 places)
    n_in, hit_in, n_out, hit_out = engine.rows(f"""
        SELECT count(*) FILTER (WHERE inside), count(*) FILTER (WHERE inside AND hit),
               count(*) FILTER (WHERE NOT inside), count(*) FILTER (WHERE NOT inside AND hit)
        FROM (SELECT coalesce({_in_area(k, 'm.kode_wilayah')}, false) AS inside,
                     coalesce(e.trusted, false) AS hit
              FROM lk_members m LEFT JOIN lk_exact e ON e.member_key = m.member_key) x""")[0]
    r_in = hit_in / n_in if n_in else None
    r_out = hit_out / n_out if n_out else None
    if not r_in or r_out is None:
        return 1.0
    return max(r_out, 1e-3) / r_in
