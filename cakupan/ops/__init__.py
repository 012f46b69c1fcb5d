"""Operations: the startup sweep, backup and restore, retention (docs/deploy.md)."""
