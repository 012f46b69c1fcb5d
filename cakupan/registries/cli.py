import typer

app = typer.Typer(help="Import registries (TODO: registries helper)")
quarantine_app = typer.Typer(help="Quarantined rows")

