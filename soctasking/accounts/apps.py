from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "soctasking.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        # Connect the receivers that start each session's clocks and that
        # record each sign-in and sign-out.
        from soctasking.accounts import reauthentication, sign_in_trail  # noqa: F401
        from soctasking.accounts.lockout import lockout_record

        def audit_lockout(
            sender: object,
            *,
            request: object,
            username: str | None,
            ip_address: str | None,
            **kwargs: object,
        ) -> None:
            lockout_record(request=request, username=username, ip_address=ip_address)  # type: ignore[arg-type]

        user_locked_out.connect(
            audit_lockout, weak=False, dispatch_uid="soctasking.accounts.audit_lockout"
        )
