from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "cakupan.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # the tombstones reach every person-level read through accounts' Scope, which sits below
        # privacy: privacy hands it the reader (docs/decisions/0005-tombstones-through-scope.md)
        from cakupan.accounts.scope import hidden_persons_register, person_overrides_register

        from .selectors import overrides, tombstoned_niks

        hidden_persons_register(tombstoned_niks)
        person_overrides_register(lambda niks: overrides(niks=niks))
