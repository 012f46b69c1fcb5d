def serve() -> None:
    """Serve the web app (TODO: web helper)."""
