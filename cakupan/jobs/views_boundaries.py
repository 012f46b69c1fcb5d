"""Boundary files for the maps (/operasi/batas/): an admin uploads a region's GeoJSON; every feature
is matched to a known area or listed by its number with the reason (cakupan.wilayah.boundaries).
The same as `cakupan boundaries load`. Admins only (403 for the other roles)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from cakupan.accounts.scope import scope_for
from cakupan.errors import UserError
from cakupan.wilayah.selectors import boundary_status
from cakupan.wilayah.services import boundary_load

from .forms import BoundaryForm

MAX_BYTES = 100 * 1024 * 1024


@login_required
def boundaries_view(request):
    if scope_for(request.user).role != "admin":
        raise PermissionDenied(_("Hanya admin yang boleh memuat batas wilayah."))
    form, report, status = BoundaryForm(), None, 200
    if request.method == "POST":
        form = BoundaryForm(request.POST, request.FILES)
        if form.is_valid():
            report, error = _load(form.cleaned_data["file"], partial=form.cleaned_data["partial"])
            if error:
                form.add_error("file", error)
            status = 400 if error or report.status == "refused" else 200
        else:
            status = 400
    return render(request, "jobs/boundaries.html",
                  {"form": form, "report": report, "rows": boundary_status()}, status=status)


def _load(upload, *, partial: bool):
    """(report, '') or (None, the one-line error)."""
    if upload.size > MAX_BYTES:
        return None, _("Berkas terlalu besar (paling besar 100 MB).")
    folder = Path(settings.CAKUPAN_HOME) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".batas-", suffix=".geojson", delete=False) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
    path = Path(tmp.name)
    try:
        report = boundary_load(path=path, partial=partial)
        report.file_name = upload.name
        return report, ""
    except UserError as exc:
        return None, str(exc).replace(path.name, upload.name)
    finally:
        path.unlink(missing_ok=True)
