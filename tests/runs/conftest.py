"""A hand-written run directory (tests/coverage/conftest.py) plus the marts other owners publish."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.coverage.conftest import write_run

ROSTER = [
    # roster_kind, nik, nama, org, project_code, kode_wilayah, status
    ("perangkat_desa", "3402010101900000", "WARGA 0", "Poncosari", "", "34.02.01.2001", "active"),
    ("opd", None, None, "Dinas Pertanian", "", "", "none"),
]
LINKS = [
    # member_key, kpj, person_nik, method, match_probability, reasons
    ("11000000001", "11000000001", "3402010101900000", "exact", 1.0, ""),
    ("11000000077", "11000000077", None, "review", 0.7, "nama mirip"),
    ("row:3", None, "3402010101900003", "probabilistic", 0.97, "nama sama, tanggal lahir sama"),
]


@pytest.fixture
def run_dir(tmp_path):
    path = write_run(tmp_path / "run")
    cols = list(zip(*ROSTER))
    pq.write_table(pa.table({
        "roster_kind": cols[0], "source_row": list(range(1, len(ROSTER) + 1)), "nik": pa.array(cols[1], pa.string()),
        "nama": pa.array(cols[2], pa.string()), "org": cols[3], "jabatan": ["", ""], "project_code": cols[4],
        "kode_wilayah": cols[5], "in_population": [True, False], "status": cols[6], "segment": ["BPU", "NONE"],
        "kpj": ["1100", ""],
    }), path / "roster_status.parquet")
    cols = list(zip(*LINKS))
    pq.write_table(pa.table({
        "member_key": cols[0], "kpj": pa.array(cols[1], pa.string()), "person_nik": pa.array(cols[2], pa.string()),
        "method": cols[3], "match_probability": cols[4], "reasons": cols[5],
    }), path / "links.parquet")
    return path
