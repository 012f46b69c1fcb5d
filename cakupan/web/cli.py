"""`cakupan serve`: run the web app (thin over cakupan.web.server.app_serve)."""
from __future__ import annotations

import typer


def serve(
    port: int = typer.Option(8000, "--port", help="port"),
    host: str = typer.Option("127.0.0.1", "--host", help="alamat; 0.0.0.0 untuk jaringan lokal"),
    noreload: bool = typer.Option(False, "--noreload", help="jangan muat ulang otomatis saat kode berubah"),
    worker: bool = typer.Option(True, "--worker/--no-worker",
                                help="jalankan pekerja latar di samping (matikan bila `cakupan worker` berjalan sebagai layanan)"),
) -> None:
    """Serve the web app on the embedded database (http://127.0.0.1:8000), with a job worker beside it.

    Example: cakupan serve --port 8000 --noreload
    """
    from cakupan.web.server import app_serve

    app_serve(host=host, port=port, reload=not noreload, worker=worker)
