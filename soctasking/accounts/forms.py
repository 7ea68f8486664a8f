"""Forms of the accounts app's access pages; they validate only, the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from soctasking.accounts.models import MAX_GRANT_DAYS, Compartment
from soctasking.accounts.services import access_reason_check

# A week covers most pieces of work; the requester changes it when not.
DEFAULT_DAYS = 7


class AccessRequestForm(forms.Form):
    """Which compartment, why, and for how long; the compartments offered are those not held."""

    compartment = forms.ChoiceField(
        label="Which compartment do you need?",
        error_messages={
            "required": "Choose the compartment you need",
            "invalid_choice": "Choose a compartment from the list",
        },
    )
    reason = forms.CharField(
        label="Why do you need it?",
        help_text="Say what the access is for, such as the operation or assessment it supports.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you need access",
            "max_length": "Reason must be 2000 characters or fewer",
        },
    )
    days = forms.IntegerField(
        label="For how many days?",
        help_text=f"From the moment it is approved; 1 to {MAX_GRANT_DAYS} days.",
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_GRANT_DAYS,
        error_messages={
            "required": "Enter for how many days you need access",
            "invalid": "Enter the number of days as a whole number, like 7",
            "min_value": "Days must be 1 or more",
            "max_value": f"Days must be {MAX_GRANT_DAYS} or fewer",
        },
    )

    def __init__(self, *args: Any, compartments: list[Compartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["compartment"])
        field.choices = [(c.code, c.name) for c in compartments]

    def clean_reason(self) -> str:
        # The service's own rule, here too so that every error shows at once.
        try:
            return access_reason_check(self.cleaned_data["reason"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["reason"]) from None


class DecisionForm(forms.Form):
    """Approve or refuse, by the button pressed, with an optional note."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={"required": "Choose approve or refuse"},
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        error_messages={"max_length": "Note must be 2000 characters or fewer"},
    )
