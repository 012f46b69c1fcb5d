import typer

target_app = typer.Typer(help="Targets (TODO: targets helper)")
forecast_app = typer.Typer(help="Forecasts (TODO: targets helper)")
