"""`cakupan ...`: the command line. Each command is a thin wrapper defined in its app's cli module;
this file mounts them, initialises the instance once for every command that needs it (the root
callback: Django, migrations, reference data) and turns user errors into a one-line message (no
traceback)."""
from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from cakupan.errors import UserError

class _Group(TyperGroup):
    """Keeps the command line's arguments for the root callback (click clears them before it runs),
    so `cakupan X --help` never initialises the instance, whoever calls the app."""

    def parse_args(self, ctx, args):
        ctx.meta["cakupan.args"] = list(args)
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_Group,
    help="cakupan — cakupan kepesertaan BPJS Ketenagakerjaan per wilayah.\n\n"
    "Example: cakupan demo",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


# commands that work on files only: no database, no CAKUPAN_HOME initialisation
NO_INSTANCE = {"synth", "restore"}  # restore: into an empty home, set up by itself


@app.callback()
def _root(ctx: typer.Context) -> None:
    """cakupan — cakupan kepesertaan BPJS Ketenagakerjaan per wilayah."""
    asked = ctx.meta.get("cakupan.args", sys.argv[1:])
    if ctx.resilient_parsing or ctx.invoked_subcommand in NO_INSTANCE or "--help" in asked:
        return
    from cakupan.home import ensure_ready

    ensure_ready()


def _mount() -> None:
    from cakupan import demo
    from cakupan.accounts import cli as accounts_cli
    from cakupan.compliance import cli as compliance_cli
    from cakupan.compliance import cli_pds as pds_cli
    from cakupan.coverage import cli as coverage_cli
    from cakupan.explain import cli as explain_cli
    from cakupan.jobs import cli as jobs_cli
    from cakupan.ops import cli as ops_cli
    from cakupan.outreach import cli as outreach_cli
    from cakupan.privacy import cli as privacy_cli
    from cakupan.registries import cli as registries_cli
    from cakupan.reports import cli as reports_cli
    from cakupan.runs import cli as runs_cli
    from cakupan.registries import occupations_cli
    from cakupan.synth import cli as synth_cli
    from cakupan.targets import cli as targets_cli
    from cakupan.web import cli as web_cli
    from cakupan.web import cli_padat_karya as padat_karya_cli
    from cakupan.wilayah import cli as wilayah_cli

    app.add_typer(registries_cli.app, name="import")
    app.add_typer(registries_cli.quarantine_app, name="quarantine")
    app.add_typer(occupations_cli.occupations_app, name="occupations")
    app.add_typer(wilayah_cli.app, name="wilayah")
    app.add_typer(wilayah_cli.boundaries_app, name="boundaries")
    app.command("synth")(synth_cli.synth)
    app.command("link")(runs_cli.link)
    app.command("backfill")(runs_cli.backfill)
    app.command("coverage")(coverage_cli.coverage)
    app.command("person")(explain_cli.person)
    app.add_typer(accounts_cli.app, name="user")
    app.add_typer(accounts_cli.token_app, name="token")
    app.command("worker")(jobs_cli.worker)
    app.add_typer(jobs_cli.jobs_app, name="jobs")
    app.command("serve")(web_cli.serve)
    app.add_typer(targets_cli.target_app, name="target")
    app.add_typer(targets_cli.forecast_app, name="forecast")
    app.add_typer(outreach_cli.worklist_app, name="worklist")
    app.add_typer(outreach_cli.enrol_app, name="enrol")
    app.add_typer(outreach_cli.budget_app, name="budget")
    app.add_typer(outreach_cli.lapse_app, name="lapse")
    app.add_typer(outreach_cli.event_app, name="event")
    app.add_typer(outreach_cli.funder_app, name="funder")
    app.command("kepatuhan")(compliance_cli.compliance)
    app.add_typer(pds_cli.pds_app, name="pds")
    app.command("laporan")(reports_cli.report)
    app.add_typer(padat_karya_cli.proyek_app, name="proyek")
    app.add_typer(reports_cli.report_app, name="report")
    app.add_typer(privacy_cli.app, name="pdp")
    app.command("demo")(demo.demo)
    app.command("backup")(ops_cli.backup)
    app.command("restore")(ops_cli.restore)
    app.command("prune")(ops_cli.prune)


_mount()


def main() -> None:
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)  # "level not observed" notes are not for officers
    err = Console(stderr=True)
    try:
        sys.exit(app(standalone_mode=False) or 0)
    except UserError as exc:
        # one line whatever the terminal's width (soft_wrap), the message's brackets as written
        err.print(f"[bold red]Galat:[/] {escape(str(exc))}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", getattr(exc, "code", 0))
        sys.exit(code or 0)
    except typer.Abort:
        err.print("Dibatalkan.")
        sys.exit(1)
    except Exception as exc:  # usage errors (Typer's bundled click): message, no traceback
        if callable(getattr(exc, "show", None)) and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
