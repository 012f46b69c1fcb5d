import typer

occupations_app = typer.Typer(help="Occupation -> workforce/ecosystem mapping (TODO: nik/wilayah helper)")
