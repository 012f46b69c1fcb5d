"""A school's level, status and responsible office from its name: the rule lives on the ground floor
(cakupan/core/schools.py) so outreach reads it too (an office's worklist); re-exported here for
compliance (the teachers' page)."""
from __future__ import annotations

from cakupan.core.schools import MADRASAH, OFFICE_NAMES, OFFICE_RULES, PROVINCE, School, school_classify

__all__ = ["MADRASAH", "OFFICE_NAMES", "OFFICE_RULES", "PROVINCE", "School", "school_classify"]
