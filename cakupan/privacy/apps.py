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

        # the menu's PDP link for whoever may open the DPO's pages, decided once at sign-in and kept
        # in the session (a permission check on every page would cost queries on every page); a
        # permission given later shows after the next sign-in
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_dpo, dispatch_uid="cakupan.privacy.dpo_menu")


SESSION_DPO = "cakupan_dpo"


def _remember_dpo(sender, request, user, **kwargs) -> None:
    from .selectors import dpo_allowed

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_DPO] = bool(dpo_allowed(user))
