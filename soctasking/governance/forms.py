"""Forms of the governance app: the filters of the list of groups, and the forms that keep
groups, plans, actions and progress reports and record assurance. They validate only; the
rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.bodies.models import Body
from soctasking.governance.models import (
    AssuranceOutcome,
    GovernanceGroup,
    GroupKind,
    GroupStatus,
    PlanActionStatus,
    Rating,
    Strand,
)
from soctasking.meetings.models import Cadence, MeetingSeries
from soctasking.threats.models import Theme, Threat

SELECT = {"class": "govuk-select"}
MULTIPLE = {"class": "govuk-select", "size": "6"}
DATE = {"class": "govuk-input govuk-input--width-10", "type": "date"}
TEXT = {"class": "govuk-input"}
TEXTAREA = {"class": "govuk-textarea", "rows": "5"}


class GroupFilterForm(forms.Form):
    """Narrow the list of governance groups; every field is optional."""

    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "Any theme"), *Theme.choices],
        error_messages={"invalid_choice": "Choose a theme from the list"},
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *GroupStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
        widget=forms.Select(attrs=SELECT),
    )


def _threat_choices() -> list[tuple[str, str]]:
    return [(threat.id, threat.name) for threat in Threat.objects.order_by("name", "id")]


def _body_choices() -> list[tuple[str, str]]:
    return [(body.id, body.name) for body in Body.objects.order_by("name", "id")]


def _multiple(label: str, what: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        error_messages={"invalid_choice": f"Choose {what} from the list"},
        widget=forms.SelectMultiple(attrs=MULTIPLE),
    )


class GroupForm(forms.Form):
    """A governance group: what it is, who chairs it and sits on it, its threats and series."""

    id = forms.SlugField(
        label="Id",
        required=False,
        max_length=100,
        error_messages={"invalid": "Enter an id of lower-case letters, digits and dashes"},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    name = forms.CharField(
        label="Name",
        max_length=300,
        error_messages={"required": "Enter the group's name"},
        widget=forms.TextInput(attrs=TEXT),
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose a kind"), *GroupKind.choices],
        error_messages={
            "required": "Choose the kind of group",
            "invalid_choice": "Choose a kind from the list",
        },
        widget=forms.Select(attrs=SELECT),
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "No theme"), *Theme.choices],
        error_messages={"invalid_choice": "Choose a theme from the list"},
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label="Status",
        choices=GroupStatus.choices,
        initial=GroupStatus.FORMING,
        error_messages={
            "required": "Choose the group's status",
            "invalid_choice": "Choose a status from the list",
        },
        widget=forms.Select(attrs=SELECT),
    )
    formed = forms.DateField(
        label="Formed on",
        required=False,
        error_messages={"invalid": "Enter the date it was formed as a real date"},
        widget=forms.DateInput(attrs=DATE),
    )
    parent = forms.ChoiceField(
        label="Part of",
        required=False,
        error_messages={"invalid_choice": "Choose a group from the list"},
        widget=forms.Select(attrs=SELECT),
    )
    chair = forms.ChoiceField(
        label="Chair",
        required=False,
        error_messages={"invalid_choice": "Choose a body from the list"},
        widget=forms.Select(attrs=SELECT),
    )
    members = _multiple("Members", "bodies")
    threats = _multiple("Threats", "threats")
    series = _multiple("Meeting series it meets as", "series")
    new_series_cadence = forms.ChoiceField(
        label="Give it a meeting series of its own, meeting",
        required=False,
        choices=[("", "No new series"), *Cadence.choices],
        error_messages={"invalid_choice": "Choose a cadence from the list"},
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(
        self, *args: Any, group: GovernanceGroup | None, series: list[MeetingSeries], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        others = GovernanceGroup.objects.order_by("name", "id")
        if group is not None:
            others = others.exclude(pk=group.pk)
            del self.fields["id"]
        parent: Any = self.fields["parent"]
        parent.choices = [("", "No group"), *((g.id, g.name) for g in others)]
        chair: Any = self.fields["chair"]
        chair.choices = [("", "Not recorded"), *_body_choices()]
        members: Any = self.fields["members"]
        members.choices = _body_choices()
        threats: Any = self.fields["threats"]
        threats.choices = _threat_choices()
        series_field: Any = self.fields["series"]
        series_field.choices = [(one.id, one.name) for one in series]


class ActionPlanForm(forms.Form):
    """A new strategic action plan: the threats it is against."""

    threats = forms.MultipleChoiceField(
        label="Threats",
        error_messages={
            "required": "Choose at least one threat the plan is against",
            "invalid_choice": "Choose threats from the list",
        },
        widget=forms.SelectMultiple(attrs=MULTIPLE),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        threats: Any = self.fields["threats"]
        threats.choices = _threat_choices()


class PlanActionForm(forms.Form):
    """An action of a plan in draft."""

    text = forms.CharField(
        label="Action",
        max_length=4000,
        error_messages={"required": "Enter what is to be done"},
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "3"}),
    )
    strand = forms.ChoiceField(
        label="Strand",
        choices=[("", "Choose a strand"), *Strand.choices],
        error_messages={
            "required": "Choose the strand: pursue, prevent, protect or prepare",
            "invalid_choice": "Choose pursue, prevent, protect or prepare",
        },
        widget=forms.Select(attrs=SELECT),
    )
    owner = forms.ChoiceField(
        label="Owner",
        error_messages={
            "required": "Choose the body that owns the action",
            "invalid_choice": "Choose a body from the list",
        },
        widget=forms.Select(attrs=SELECT),
    )
    due = forms.DateField(
        label="Due",
        error_messages={
            "required": "Enter the date it is due",
            "invalid": "Enter the due date as a real date",
        },
        widget=forms.DateInput(attrs=DATE),
    )
    threats = _multiple("Threats it addresses", "threats the plan covers")

    def __init__(self, *args: Any, plan_threats: list[Threat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.choices = [("", "Choose a body"), *_body_choices()]
        threats: Any = self.fields["threats"]
        threats.choices = [(threat.id, threat.name) for threat in plan_threats]


class PlanApprovalForm(forms.Form):
    approved = forms.DateField(
        label="Approved on",
        required=False,
        error_messages={"invalid": "Enter the approval date as a real date"},
        widget=forms.DateInput(attrs=DATE),
    )


class PlanActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=PlanActionStatus.choices,
        error_messages={
            "required": "Choose the action's status",
            "invalid_choice": "Choose open, done or cancelled",
        },
        widget=forms.Select(attrs=SELECT),
    )


class ProgressReportForm(forms.Form):
    """A plan's progress report: its rating and narrative."""

    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        error_messages={
            "required": "Choose a rating: red, amber or green",
            "invalid_choice": "Choose a rating: red, amber or green",
        },
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    narrative = forms.CharField(
        label="Narrative",
        max_length=4000,
        error_messages={"required": "Enter the narrative of progress"},
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    date = forms.DateField(
        label="Date of the report",
        required=False,
        error_messages={"invalid": "Enter the report's date as a real date"},
        widget=forms.DateInput(attrs=DATE),
    )


class AssuranceForm(forms.Form):
    """The chair's conclusion on the plans at an NTTCG sitting."""

    outcome = forms.ChoiceField(
        label="Conclusion",
        choices=AssuranceOutcome.choices,
        error_messages={
            "required": "Choose whether assurance is given or a concern raised",
            "invalid_choice": "Choose whether assurance is given or a concern raised",
        },
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    statement = forms.CharField(
        label="Statement",
        max_length=4000,
        error_messages={"required": "Enter the assurance given or the concern raised"},
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    plans = _multiple("Plans a concern is about", "plans in the report")

    def __init__(self, *args: Any, plan_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans: Any = self.fields["plans"]
        plans.choices = [(plan_id, plan_id) for plan_id in plan_ids]
