import typer

app = typer.Typer(help="Area hierarchy (TODO: wilayah helper)")
