import typer

worklist_app = typer.Typer(help="Worklists (TODO: outreach helper)")
enrol_app = typer.Typer(help="Enrolment (TODO: outreach helper)")
budget_app = typer.Typer(help="Sponsorship budget (TODO: outreach helper)")
lapse_app = typer.Typer(help="Lapse follow-up (TODO: outreach helper)")
