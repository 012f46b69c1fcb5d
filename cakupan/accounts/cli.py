"""`cakupan user ...`: manage users (thin over cakupan.accounts.services)."""
from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Pengguna, peran dan cakupan wilayah.\n\nExample: echo 'rahasia123' | cakupan user add sri --role kalurahan --area 34.02.01.2001 --password-stdin",
    no_args_is_help=True,
)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="nama pengguna"),
    role: str = typer.Option(..., "--role", help="admin|operator|analis|kepatuhan|kapanewon|kalurahan|mitra|pimpinan "
                       "(kapanewon: operator kapanewon/kecamatan; kalurahan: operator kalurahan/desa)"),
    area: str = typer.Option("", "--area", help="kode kapanewon/kecamatan atau kalurahan/desa (operator wilayah)"),
    org: str = typer.Option("", "--org", help="nama organisasi (mitra)"),
    ecosystem: list[str] = typer.Option([], "--ecosystem", help="ekosistem mitra; boleh berulang"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="baca kata sandi dari stdin"),
) -> None:
    """Add a user.

    Example: echo 'rahasia123' | cakupan user add dkukmpp --role mitra --org DKUKMPP --ecosystem umkm --ecosystem pasar --password-stdin
    """
    from cakupan.errors import UserError
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    if not password:
        raise UserError("Kata sandi kosong.", code="user.password")
    from cakupan.accounts.services import user_create

    user_create(username=name, role=role, password=password, area_code=area, org=org, ecosystems=tuple(ecosystem))
    Console().print(f"Pengguna [bold]{name}[/] ({role}) dibuat.")


@app.command("list")
def list_() -> None:
    """List users with their role and scope.

    Example: cakupan user list
    """
    from cakupan.accounts.services import users_list

    table = Table("pengguna", "peran", "wilayah", "organisasi", "ekosistem", "aktif")
    for row in users_list():
        table.add_row(
            row["username"], row["role"], row["area_code"], row["org"],
            ", ".join(row["ecosystems"]), "ya" if row["active"] else "tidak",
        )
    Console().print(table)


@app.command("demo-accounts")
def demo_accounts() -> None:
    """Create (or reset) one demo account per role and print their passwords.

    Example: cakupan user demo-accounts
    """
    from cakupan.accounts.services import users_demo_ensure

    table = Table("pengguna", "peran", "kata sandi")
    for username, role, password in users_demo_ensure():
        table.add_row(username, role, password)
    Console().print(table)


token_app = typer.Typer(
    help="Token API untuk mesin (integrasi): `Authorization: Token <token>`.\n\n"
    "Example: cakupan token create operator-data",
    no_args_is_help=True,
)


@token_app.command("create")
def token_create(name: str = typer.Argument(..., help="nama pengguna pemilik token")) -> None:
    """Create (or show) the API token of a user and print it; the token acts with that user's role.

    Example: curl -H "Authorization: Token $(cakupan token create operator-data)" http://127.0.0.1:8000/api/jobs/
    """
    from cakupan.accounts.services import token_create as create

    typer.echo(create(username=name))


@token_app.command("revoke")
def token_revoke(name: str = typer.Argument(..., help="nama pengguna")) -> None:
    """Revoke a user's API token (the next `token create` makes a new one).

    Example: cakupan token revoke operator-data
    """
    from cakupan.accounts.services import token_revoke as revoke

    n = revoke(username=name)
    Console().print("Token dicabut." if n else "Pengguna ini tidak punya token.")
