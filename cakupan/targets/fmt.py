"""Indonesian number and date formats (115.463, 25,23 %, 27 Februari 2023) for this app's CLI and
pages: the shared helpers of cakupan.web.formatting."""
from cakupan.web.formatting import angka, bulan, persen, tanggal  # noqa: F401
