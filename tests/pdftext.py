"""The text of a PDF as a reader sees it (poppler's pdftotext), for tests that check what a report
or letter says rather than how it was built: pages, or one string with single spaces."""
from __future__ import annotations

import subprocess

import pytest


def pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text, whitespace collapsed; skips the test where pdftotext is not installed."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    try:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return [" ".join(p.replace("\u00a0", " ").split()) for p in text.split("\f") if p.strip()]


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The whole document's text on one line."""
    return " ".join(pdf_pages(pdf, tmp_path))
