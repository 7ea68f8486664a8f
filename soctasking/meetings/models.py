"""Meeting series, their sittings, and what each sitting decided and allocated."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from soctasking.lib.records import RecordIdField


class SeriesKind(models.TextChoices):
    NSTCG = "nstcg", "National strategic tasking and coordination group"
    NSIG = "nsig", "National strategic intelligence group"
    NTTCG = "nttcg", "National tactical tasking and coordination group"
    NTIG = "ntig", "National tactical intelligence group"
    NDBM = "ndbm", "National daily briefing meeting"
    SGG = "sgg", "Strategic governance group"
    THREAT_GROUP = "threat_group", "Threat group"
    ITG = "itg", "Intelligence tasking group"
    CITG = "citg", "Combined intelligence tasking group"
    IDM = "idm", "Intelligence development meeting"
    TACTICAL = "tactical", "Tactical meeting"
    OPERATIONS_COMMITTEE = "operations_committee", "Operations committee"
    OTHER = "other", "Other"


class Cadence(models.TextChoices):
    WEEKDAYS = "weekdays", "Every weekday"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    AD_HOC = "ad_hoc", "Ad hoc"


class ExpectedMembersRule(models.TextChoices):
    EXPLICIT = "explicit", "The bodies listed"
    NATIONAL_REMIT = "national_remit", "Every body with a national remit"


class MeetingSeries(models.Model):
    id = RecordIdField()
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=SeriesKind.choices, default=SeriesKind.OTHER)
    chair = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_series",
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices, blank=True)
    members = models.ManyToManyField("bodies.Body", blank=True, related_name="series_memberships")
    expected_members = models.ManyToManyField("bodies.Body", blank=True, related_name="+")
    governance_group = models.ForeignKey(
        "governance.GovernanceGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="series",
    )
    precedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="preceded_by"
    )
    precedes_window_days = models.PositiveIntegerField(null=True, blank=True)
    precedes_min_lead_days = models.PositiveIntegerField(null=True, blank=True)
    # The first day a sitting may be scheduled on; none recorded means no limit.
    began = models.DateField(null=True, blank=True)
    # How ``expected_members`` was chosen; the services set the list from the rule on each save.
    expected_members_rule = models.CharField(
        max_length=20, choices=ExpectedMembersRule.choices, default=ExpectedMembersRule.EXPLICIT
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(precedes__isnull=True)
                | models.Q(
                    precedes_window_days__isnull=False, precedes_min_lead_days__isnull=False
                ),
                name="meetings_series_precedence_whole",
            ),
            models.CheckConstraint(
                condition=models.Q(precedes_window_days__isnull=True)
                | models.Q(precedes_min_lead_days__lte=models.F("precedes_window_days")),
                name="meetings_series_lead_within_window",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_members_rule__in=ExpectedMembersRule.values),
                name="meetings_series_expected_rule_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    id = RecordIdField()
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(db_index=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    attended = models.ManyToManyField("bodies.Body", blank=True, related_name="meetings_attended")
    # Empty means "the series' members", as the bundle spec defines the default.
    invited = models.ManyToManyField("bodies.Body", blank=True, related_name="meetings_invited")
    reports_received = models.ManyToManyField(
        "governance.ProgressReport", blank=True, related_name="received_at"
    )
    # Bodies that sent their apologies for a held meeting; never also among ``attended``.
    apologies = models.ManyToManyField(
        "bodies.Body", blank=True, related_name="meetings_apologised"
    )
    cancellation_reason = models.TextField(blank=True)
    minutes_approved = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MeetingStatus.values),
                name="meetings_meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_approved__isnull=True)
                | models.Q(status=MeetingStatus.HELD),
                name="meetings_meeting_minutes_only_when_held",
            ),
            models.CheckConstraint(
                condition=models.Q(cancellation_reason="")
                | models.Q(status=MeetingStatus.CANCELLED),
                name="meetings_meeting_reason_only_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.date:%Y-%m-%d}"


class DecisionKind(models.TextChoices):
    ADOPT_NATIONAL_THREATS = "adopt_national_threats", "National threats adopted"
    ADOPT_PRIORITY_THREATS = "adopt_priority_threats", "National priority threats adopted"
    COLLECTION_PRIORITY = "collection_priority", "Priority for intelligence collection only"
    APPROVE_ASSESSMENT = "approve_assessment", "Assessment approved"
    APPROVE_CONTROL_STRATEGY = "approve_control_strategy", "Control strategy approved"
    REFER = "refer", "Referred"
    OTHER = "other", "Other"


class Decision(models.Model):
    id = RecordIdField()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=30, choices=DecisionKind.choices)
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="decisions")
    text = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    evaluation = models.ForeignKey(
        "prioritisation.Evaluation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    recommended_by = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    # Per threat id, why the decision departs from the recommendation it followed.
    departures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["meeting__date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values),
                name="meetings_decision_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Action(models.Model):
    """A task a meeting allocated to a body."""

    id = RecordIdField()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="+")
    completed = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values),
                name="meetings_action_status_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class MeetingUpdate(models.Model):
    """A structured update a body gave at a meeting (e.g. the daily briefing)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="updates")
    position = models.PositiveIntegerField(default=0)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.body_id} at {self.meeting_id}"


class RecordAmendment(models.Model):
    """A change to a held meeting's record after its minutes were approved, and why.

    The minutes show each one, so that what was approved and what was changed
    later can be told apart; the audit trail holds the change itself too.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=200)
    reason = models.TextField()

    class Meta:
        ordering = ["meeting", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="meetings_amendment_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.what}"
