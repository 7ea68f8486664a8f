"""Forms of the web shell: signing in, lockout, the second factor, confirming again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from soctasking.accounts.lockout import LOCKED_OUT_MESSAGE, lockout_minutes


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages that name the field to put right.

    A failed sign-in is attached to the username field rather than to the
    form, so the error summary can link somewhere a keyboard user can act.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is disabled. Ask your service administrator to restore it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


class LockedOutForm(SignInForm):
    """The sign-in form refusing a locked-out attempt, without checking the password again.

    Checking it would count one more failure, and say whether it was right.
    """

    def clean(self) -> dict[str, Any]:
        self.add_error("username", LOCKED_OUT_MESSAGE.format(minutes=lockout_minutes()))
        return self.cleaned_data


class SecondFactorForm(forms.Form):
    """The six-digit code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class ConfirmForm(forms.Form):
    """The password again, and the authenticator code where the user has enrolled one."""

    password = forms.CharField(
        strip=False, error_messages={"required": "Enter your password"}, widget=forms.PasswordInput
    )
    code = forms.CharField(
        max_length=20,
        strip=True,
        required=False,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args: Any, asks_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = asks_code
        if not asks_code:
            del self.fields["code"]
