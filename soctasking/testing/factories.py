"""factory-boy factories for the domain records; each makes a valid record with minimal input."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.utils import timezone

from soctasking.accounts.models import Role, User
from soctasking.bodies.models import Body, BodyKind
from soctasking.governance.models import (
    ActionPlan,
    ControlStrategy,
    ControlStrategyEntry,
    GovernanceGroup,
    PlanAction,
    ProgressReport,
)
from soctasking.intelligence.models import (
    Acknowledgement,
    Assessment,
    Requirement,
    Submission,
    SubmissionKind,
    TimetableRow,
)
from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry
from soctasking.meetings.models import Action, Decision, Meeting, MeetingSeries
from soctasking.operations.models import Activity, CovertAuthority, Disruption, Operation
from soctasking.prioritisation.models import Evaluation, Score
from soctasking.referrals.models import Referral
from soctasking.threats.models import Threat


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("id",)

    id = factory.Sequence(lambda n: f"body-{n}")
    name = factory.Sequence(lambda n: f"Body {n}")
    kind = BodyKind.POLICE_FORCE


class ThreatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Threat
        django_get_or_create = ("id",)

    id = factory.Sequence(lambda n: f"threat-{n}")
    name = factory.Sequence(lambda n: f"Threat {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    body = factory.SubFactory(BodyFactory)
    role = Role.ANALYST
    clearance = "official"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def compartments(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.compartments.set(extracted)
        if create:
            self.save()


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    id = factory.Sequence(lambda n: f"nsa-{n}")
    title = factory.Sequence(lambda n: f"National strategic assessment {n}")
    kind = "national_strategic"
    period_start = dt.date(2017, 4, 1)
    period_end = dt.date(2018, 3, 31)
    status = "approved"
    issued = dt.date(2017, 3, 1)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    id = factory.Sequence(lambda n: f"nir-{n}")
    period_start = dt.date(2017, 4, 1)
    period_end = dt.date(2018, 3, 31)
    issued = dt.date(2017, 3, 15)


class TimetableRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimetableRow

    id = factory.Sequence(lambda n: f"row-{n}")
    requirement = factory.SubFactory(RequirementFactory)
    body = factory.SubFactory(BodyFactory)
    product = SubmissionKind.TACTICAL_ASSESSMENT
    due = dt.date(2017, 7, 15)
    deliver_to = factory.SubFactory(BodyFactory)


class AcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    requirement = factory.SubFactory(RequirementFactory)
    body = factory.SubFactory(BodyFactory)
    date = dt.date(2017, 3, 20)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission
        skip_postgeneration_save = True

    id = factory.Sequence(lambda n: f"sub-{n}")
    title = factory.Sequence(lambda n: f"Tactical assessment {n}")
    body = factory.SubFactory(BodyFactory)
    kind = SubmissionKind.TACTICAL_ASSESSMENT
    received = factory.LazyFunction(timezone.now)
    received_by = factory.SubFactory(BodyFactory)
    text = "Drug supply lines from the city into coastal towns."
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())

    @factory.post_generation
    def compartments(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.compartments.set(extracted)

    @factory.post_generation
    def threats(self, create: bool, extracted: list[Threat] | None, **kwargs: object) -> None:
        if create and extracted:
            self.threats.set(extracted)


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    id = factory.Sequence(lambda n: f"series-{n}")
    name = factory.Sequence(lambda n: f"Series {n}")
    kind = "nttcg"
    cadence = "quarterly"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    id = factory.Sequence(lambda n: f"meeting-{n}")
    series = factory.SubFactory(MeetingSeriesFactory)
    date = dt.date(2017, 6, 1)
    status = "held"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    id = factory.Sequence(lambda n: f"decision-{n}")
    meeting = factory.SubFactory(MeetingFactory)
    kind = "other"
    text = "Decided."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    id = factory.Sequence(lambda n: f"action-{n}")
    meeting = factory.SubFactory(MeetingFactory)
    owner = factory.SubFactory(BodyFactory)
    text = "Report back."
    due = dt.date(2017, 7, 1)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    id = factory.Sequence(lambda n: f"evaluation-{n}")
    assessment = factory.SubFactory(AssessmentFactory)
    method = "morile"
    date = dt.date(2017, 5, 1)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    evaluation = factory.SubFactory(EvaluationFactory)
    threat = factory.SubFactory(ThreatFactory)
    total = 10.0


class GovernanceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceGroup

    id = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Governance group {n}")
    kind = "sgg"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    id = factory.Sequence(lambda n: f"plan-{n}")
    group = factory.SubFactory(GovernanceGroupFactory)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    id = factory.Sequence(lambda n: f"plan-action-{n}")
    plan = factory.SubFactory(ActionPlanFactory)
    text = "Deliver."
    owner = factory.SubFactory(BodyFactory)
    due = dt.date(2017, 9, 1)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    id = factory.Sequence(lambda n: f"report-{n}")
    plan = factory.SubFactory(ActionPlanFactory)
    date = dt.date(2017, 6, 1)
    rating = "green"


class ControlStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlStrategy

    id = factory.Sequence(lambda n: f"strategy-{n}")
    based_on = factory.SubFactory(AssessmentFactory)


class ControlStrategyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlStrategyEntry

    strategy = factory.SubFactory(ControlStrategyFactory)
    threat = factory.SubFactory(ThreatFactory)
    level = "listed"


class LocalPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPriority

    id = factory.Sequence(lambda n: f"local-{n}")
    body = factory.SubFactory(BodyFactory)
    period_start = dt.date(2017, 4, 1)
    period_end = dt.date(2018, 3, 31)


class LocalPriorityEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPriorityEntry

    local_priority = factory.SubFactory(LocalPriorityFactory)
    threat = factory.SubFactory(ThreatFactory)


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation
        skip_postgeneration_save = True

    id = factory.Sequence(lambda n: f"op-{n}")
    name = factory.Sequence(lambda n: f"Operation {n}")
    body = factory.SubFactory(BodyFactory)
    opened = dt.date(2017, 1, 1)

    @factory.post_generation
    def threats(self, create: bool, extracted: list[Threat] | None, **kwargs: object) -> None:
        if create and extracted:
            self.threats.set(extracted)


class CovertAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CovertAuthority

    id = factory.Sequence(lambda n: f"authority-{n}")
    operation = factory.SubFactory(OperationFactory)
    kind = "directed_surveillance"
    granted = dt.date(2017, 1, 10)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    operation = factory.SubFactory(OperationFactory)
    date = dt.date(2017, 2, 1)
    kind = "intelligence"


class DisruptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disruption

    id = factory.Sequence(lambda n: f"disruption-{n}")
    operation = factory.SubFactory(OperationFactory)
    date = dt.date(2017, 3, 1)
    level = "moderate"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    id = factory.Sequence(lambda n: f"referral-{n}")
    subject = factory.Sequence(lambda n: f"Request for support {n}")
    from_body = factory.SubFactory(BodyFactory)
    kind = "support"
    submitted = dt.date(2017, 5, 1)
    route = "rocc"


def national_priorities_adopted(threat_ids: list[str], *, on: dt.date) -> None:
    """A held meeting on ``on`` adopting the threats ``threat_ids`` as the national priorities."""
    series = MeetingSeries.objects.create(
        id=f"nstcg-{on.isoformat()}", name="NSTCG", kind="nstcg", cadence="quarterly"
    )
    meeting = Meeting.objects.create(
        id=f"nstcg-{on.isoformat()}", series=series, date=on, status="held"
    )
    decision = Decision.objects.create(
        id=f"adopt-priorities-{on.isoformat()}",
        kind="adopt_priority_threats",
        text="The national priority threats are adopted.",
        meeting=meeting,
    )
    decision.threats.set(Threat.objects.filter(pk__in=threat_ids))
