import typer

app = typer.Typer(help="Users (TODO: web helper)")
