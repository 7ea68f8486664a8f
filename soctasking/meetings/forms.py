"""Forms of the meetings app: the series list's filter and the secretariat's record of a
meeting. They check types and presence; the services check the rules."""

from __future__ import annotations

from django import forms

from soctasking.bodies.models import Body
from soctasking.meetings.models import (
    Cadence,
    DecisionKind,
    ExpectedMembersRule,
    MeetingSeries,
    SeriesKind,
)
from soctasking.meetings.services import MAX_TEXT
from soctasking.threats.models import Threat


class SeriesFilterForm(forms.Form):
    """Narrow the list of meeting series; every field is optional."""

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *SeriesKind.choices],
        error_messages={"invalid_choice": "Choose a kind of meeting series from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


DATE = {"class": "govuk-input govuk-input--width-10", "type": "date"}
TEXTAREA = {"class": "govuk-textarea", "rows": "4"}
REASON_HELP = "Needed once the minutes are approved: why the agreed record changes."


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": f"Enter the date: {label.lower()}",
            "invalid": f"{label} must be a real date, like 2027-07-15",
        },
    )


def _text(label: str, *, required: bool, message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={
            "required": message,
            "max_length": f"{label} must be at most {MAX_TEXT} characters",
        },
    )


def _bodies(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=body_choices,
        error_messages={"invalid_choice": "Choose bodies from the list"},
    )


def body_choices() -> list[tuple[str, str]]:
    """Every body by name, read each time a form is made."""
    return [(body.id, body.name) for body in Body.objects.order_by("name", "id")]


def threat_choices() -> list[tuple[str, str]]:
    return [(threat.id, threat.name) for threat in Threat.objects.order_by("name", "id")]


def owner_choices() -> list[tuple[str, str]]:
    return [("", "Choose a body"), *body_choices()]


class ScheduleForm(forms.Form):
    """A new sitting of a series: its date."""

    date = _date("Date of the meeting")


class AttendanceForm(forms.Form):
    """Who attended a meeting and who sent apologies, from every known body."""

    attended = _bodies("Attended")
    apologies = _bodies("Sent apologies")
    reason = _text("Reason for the change", required=False)


class DecisionForm(forms.Form):
    """A decision of a held meeting, typed as the bundle's kinds of decision are."""

    kind = forms.ChoiceField(
        label="Kind of decision",
        choices=[("", "Choose a kind"), *DecisionKind.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the kind of decision",
            "invalid_choice": "Choose a kind of decision from the list",
        },
    )
    threats = forms.MultipleChoiceField(
        label="Threats",
        required=False,
        choices=threat_choices,
        error_messages={"invalid_choice": "Choose threats from the list"},
    )
    text = _text("Decision", required=True, message="Say what the meeting decided")
    rationale = _text("Rationale", required=False)
    reason = _text("Reason for the change", required=False)


class ActionForm(forms.Form):
    """A task a held meeting allocates to a body."""

    owner = forms.ChoiceField(
        label="Owner",
        choices=owner_choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the body that owns the action",
            "invalid_choice": "Choose a body from the list",
        },
    )
    text = _text("Action", required=True, message="Say what the body is to do")
    due = _date("Due")
    reason = _text("Reason for the change", required=False)


class CancelForm(forms.Form):
    """Why a scheduled meeting is cancelled."""

    reason = _text(
        "Why is it cancelled?", required=True, message="Say why the meeting is cancelled"
    )


class YearForm(forms.Form):
    """The year to plan."""

    year = forms.IntegerField(
        label="Year",
        min_value=1990,
        max_value=2999,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year to plan, like 2027",
            "invalid": "The year must be a number, like 2027",
            "min_value": "Enter a year from 1990",
            "max_value": "Enter a year up to 2999",
        },
    )


class MonthForm(forms.Form):
    """The month the calendar shows; both fields are needed together."""

    year = forms.IntegerField(
        label="Year",
        min_value=1990,
        max_value=2999,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year, like 2027",
            "invalid": "The year must be a number, like 2027",
            "min_value": "Enter a year from 1990",
            "max_value": "Enter a year up to 2999",
        },
    )
    month = forms.IntegerField(
        label="Month",
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
        error_messages={
            "required": "Enter the month, from 1 to 12",
            "invalid": "The month must be a number from 1 to 12",
            "min_value": "The month must be a number from 1 to 12",
            "max_value": "The month must be a number from 1 to 12",
        },
    )


def series_choices() -> list[tuple[str, str]]:
    return [("", "None"), *((s.id, s.name) for s in MeetingSeries.objects.order_by("name", "id"))]


def chair_choices() -> list[tuple[str, str]]:
    return [("", "None recorded"), *body_choices()]


def _days(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "invalid": f"{label} must be a whole number of days",
            "min_value": f"{label} cannot be negative",
            "max_value": f"{label} must be at most 3650 days",
        },
    )


class SeriesForm(forms.Form):
    """A meeting series: what it is, who sits, and the series it must sit before."""

    id = forms.CharField(
        label="Id",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter an id, like ntig"},
    )
    name = forms.CharField(
        label="Name",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Enter the name of the series"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=SeriesKind.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a kind of series from the list"},
    )
    cadence = forms.ChoiceField(
        label="Cadence",
        required=False,
        choices=[("", "Not recorded"), *Cadence.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a cadence from the list"},
    )
    chair = forms.ChoiceField(
        label="Chair",
        required=False,
        choices=chair_choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a body from the list"},
    )
    began = forms.DateField(
        label="Began on",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": "Began on must be a real date, like 2017-01-01"},
    )
    members = _bodies("Members")
    expected_members_rule = forms.ChoiceField(
        label="Bodies that ought to be members",
        choices=ExpectedMembersRule.choices,
        initial=ExpectedMembersRule.EXPLICIT,
        error_messages={"invalid_choice": "Choose how the expected members are chosen"},
    )
    expected_members = _bodies("Expected members, when listed")
    precedes = forms.ChoiceField(
        label="Must sit before",
        required=False,
        choices=series_choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a series from the list"},
    )
    window_days = _days("At the earliest, days before")
    min_lead_days = _days("At the latest, days before")
