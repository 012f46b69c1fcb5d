"""The outcome of one import (no Django): ``ImportReport.as_json()`` is the ``--json`` shape,
documented in docs/import-json.md."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class ImportReport:
    """What one import did; ``as_json()`` is the ``--json`` shape (docs/import-json.md)."""

    status: str  # loaded | duplicate | failed
    kind: str
    roster_kind: str = ""
    snapshot_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    message: str = ""
    notes: tuple[str, ...] = ()
    file_name: str = ""
    file_sha256: str = ""
    as_of: date | None = None
    error_code: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["notes"] = list(self.notes)
        return data
