"""Forms of the control strategy pages: editing, adding and removing an entry, approving a
draft, and choosing the version to compare with. They only validate."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.governance.models import StrategyLevel, StrategyStatus
from soctasking.governance.strategy.selectors import (
    control_strategy_versions,
    nttcg_meetings_held,
    threats_not_in_strategy,
)
from soctasking.governance.strategy.services import MAX_REASON, MAX_RESPONSE

RESPONSE_HINTS = {
    "response_intelligence": "What intelligence is to be collected, developed and assessed.",
    "response_prevention": "What is to stop people becoming involved, and protect victims.",
    "response_enforcement": "What pursuit and disruption is expected of the bodies tasked.",
}


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "govuk-textarea"})


def _reason(label: str = "Reason for the change") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_REASON,
        widget=_textarea(2),
        help_text="Kept in the strategy's history and on the audit trail.",
        error_messages={"required": "Give the reason for the change."},
    )


def _level() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Level",
        choices=StrategyLevel.choices,
        error_messages={"invalid_choice": "Choose a level from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class EntryForm(forms.Form):
    """An entry's level and its three expected responses, with the reason for the change."""

    level = _level()
    response_intelligence = forms.CharField(
        label="Intelligence response",
        required=False,
        max_length=MAX_RESPONSE,
        help_text=RESPONSE_HINTS["response_intelligence"],
        widget=_textarea(),
    )
    response_prevention = forms.CharField(
        label="Prevention response",
        required=False,
        max_length=MAX_RESPONSE,
        help_text=RESPONSE_HINTS["response_prevention"],
        widget=_textarea(),
    )
    response_enforcement = forms.CharField(
        label="Enforcement response",
        required=False,
        max_length=MAX_RESPONSE,
        help_text=RESPONSE_HINTS["response_enforcement"],
        widget=_textarea(),
    )
    reason = _reason()


class EntryAddForm(forms.Form):
    """A catalogued threat the draft has no entry for, at a level, with the reason."""

    threat = forms.ChoiceField(
        label="Threat, sub-threat or vulnerability",
        error_messages={
            "required": "Choose the threat to add.",
            "invalid_choice": "Choose a catalogued threat that is not yet in the strategy.",
        },
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    level = _level()
    reason = _reason("Reason for adding it")

    def __init__(self, *args: Any, strategy: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["threat"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "Choose a threat")] + [
                (threat.pk, f"{threat.name} ({threat.get_kind_display().lower()})")
                for threat in threats_not_in_strategy(strategy=strategy)
            ]


class EntryRemoveForm(forms.Form):
    reason = _reason("Reason for removing it")


class ApprovalForm(forms.Form):
    """The held NTTCG meeting that approved the draft, and any reason to approve it as it is."""

    meeting = forms.ChoiceField(
        label="Meeting that approved it",
        help_text="A held meeting of the national tactical tasking and coordination group.",
        error_messages={
            "required": "Choose the meeting that approved the strategy.",
            "invalid_choice": "Choose a held meeting of the national tactical group.",
        },
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    override_reason = forms.CharField(
        label="Reason to approve it while checks still hold",
        required=False,
        max_length=MAX_REASON,
        help_text="Only when quality assurance still finds problems: why the meeting approved "
        "it all the same. Kept with the approval.",
        widget=_textarea(3),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "Choose a meeting")] + [
                (meeting.pk, f"{meeting.series.name}, {meeting.date:%d %B %Y}")
                for meeting in nttcg_meetings_held()
            ]


class CompareForm(forms.Form):
    earlier = forms.ChoiceField(
        label="Compare with",
        error_messages={
            "required": "Choose the version to compare with.",
            "invalid_choice": "Choose a version from the list.",
        },
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args: Any, exclude: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["earlier"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [
                (
                    strategy.pk,
                    f"{strategy.id}, version {strategy.version} "
                    f"({StrategyStatus(strategy.status).label.lower()})",
                )
                for strategy in control_strategy_versions().exclude(pk=exclude)
            ]
