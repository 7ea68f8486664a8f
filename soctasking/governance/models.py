"""Governance groups, their strategic action plans, and the control strategy."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField
from soctasking.threats.models import Theme


class GroupKind(models.TextChoices):
    SGG = "sgg", "Strategic governance group"
    THREAT_GROUP = "threat_group", "Threat group"
    DELIVERY_GROUP = "delivery_group", "Delivery group"
    BOARD = "board", "Board"


class GroupStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    FORMING = "forming", "Forming"
    DISBANDED = "disbanded", "Disbanded"


class GovernanceGroup(models.Model):
    id = RecordIdField()
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=GroupKind.choices, blank=True)
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    chair = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="governance_groups")
    members = models.ManyToManyField(
        "bodies.Body", blank=True, related_name="governance_memberships"
    )
    status = models.CharField(
        max_length=20, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    formed = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GroupStatus.values),
                name="governance_group_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="governance_group_not_its_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    """A strategic action plan (SAP) owned by a governance group.

    A plan written here starts as a ``draft`` and is in force once approved;
    approved, it is frozen and changes only by a new version, which
    ``supersedes`` it and replaces it once that version is approved in turn.
    Plans loaded from a bundle are never drafts: the bundle records the
    plans in place.
    """

    id = RecordIdField()
    group = models.ForeignKey(
        GovernanceGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="action_plans")
    approved = models.DateField(null=True, blank=True)
    draft = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="governance_plan_version_from_one"
            ),
            models.CheckConstraint(
                condition=~models.Q(supersedes=models.F("id")),
                name="governance_plan_not_superseding_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(draft=False) | models.Q(approved__isnull=True),
                name="governance_plan_draft_unapproved",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Strand(models.TextChoices):
    PURSUE = "pursue", "Pursue"
    PREVENT = "prevent", "Prevent"
    PROTECT = "protect", "Protect"
    PREPARE = "prepare", "Prepare"


class PlanActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class PlanAction(models.Model):
    id = RecordIdField()
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="plan_actions")
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=PlanActionStatus.choices, default=PlanActionStatus.OPEN
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="+")
    strand = models.CharField(max_length=10, choices=Strand.choices, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PlanActionStatus.values),
                name="governance_planaction_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(strand="") | models.Q(strand__in=Strand.values),
                name="governance_planaction_strand_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ProgressReport(models.Model):
    id = RecordIdField()
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField()
    to_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.CharField(max_length=5, choices=Rating.choices)
    summary = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values),
                name="governance_progressreport_rating_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class AssuranceOutcome(models.TextChoices):
    GIVEN = "given", "Assurance given"
    CONCERN = "concern", "Concern raised"


class AssuranceRecord(models.Model):
    """What the chair of an NTTCG sitting concluded on the strategic action plans.

    The conclusion itself is a decision of the meeting (kind ``other``, so a
    bundle carries it as any other decision); this record says which way it
    went, which plans a concern is about, and who recorded it when.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="assurance_records"
    )
    decision = models.OneToOneField(
        "meetings.Decision", on_delete=models.CASCADE, related_name="assurance"
    )
    outcome = models.CharField(max_length=10, choices=AssuranceOutcome.choices)
    plans = models.ManyToManyField(ActionPlan, blank=True, related_name="assurance_records")
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "recorded", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=AssuranceOutcome.values),
                name="governance_assurance_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} at {self.meeting_id}"


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class ControlStrategy(models.Model):
    id = RecordIdField()
    based_on = models.ForeignKey(
        "intelligence.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="control_strategies",
    )
    status = models.CharField(
        max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Versioning: the national control strategy is one series of versions,
    # numbered in the order they were drafted; a draft started from an
    # approved version names it.
    version = models.PositiveIntegerField(default=1)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    drafted = models.DateTimeField(null=True, blank=True)
    # Approving while a quality-assurance check holds needs a recorded reason;
    # the codes that held are kept beside it.
    approval_override = models.TextField(blank=True)
    approval_findings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "control strategies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="governance_strategy_version_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=StrategyStatus.DRAFT) | models.Q(approval_override=""),
                name="governance_strategy_draft_has_no_override",
            ),
            models.UniqueConstraint(
                fields=["derived_from"],
                condition=models.Q(status=StrategyStatus.DRAFT),
                name="governance_strategy_one_draft_per_version",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class StrategyLevel(models.TextChoices):
    PRIORITY = "priority", "National priority"
    BAND_1 = "band_1", "Band 1"
    BAND_2 = "band_2", "Band 2"
    BAND_3 = "band_3", "Band 3"
    LISTED = "listed", "Listed"


class ControlStrategyEntry(models.Model):
    strategy = models.ForeignKey(ControlStrategy, on_delete=models.CASCADE, related_name="entries")
    threat = models.ForeignKey("threats.Threat", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=StrategyLevel.choices)
    response_intelligence = models.TextField(blank=True)
    response_prevention = models.TextField(blank=True)
    response_enforcement = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "threat_id"]
        verbose_name_plural = "control strategy entries"
        constraints = [
            models.UniqueConstraint(fields=["strategy", "threat"], name="governance_entry_once"),
            models.CheckConstraint(
                condition=models.Q(level__in=StrategyLevel.values),
                name="governance_entry_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy_id}: {self.threat_id} ({self.level})"


class EntryChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    EDITED = "edited", "Edited"
    REMOVED = "removed", "Removed"


class ControlStrategyEntryChange(models.Model):
    """One change to an entry of a draft control strategy, with the reason given for it.

    ``changes`` maps each field changed (``level``, ``response_intelligence``,
    ``response_prevention``, ``response_enforcement``) to ``[before, after]``;
    ``before`` is ``None`` for an entry added, ``after`` for one removed.
    """

    strategy = models.ForeignKey(ControlStrategy, on_delete=models.CASCADE, related_name="changes")
    threat = models.ForeignKey("threats.Threat", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=EntryChangeKind.choices)
    changes = models.JSONField(default=dict)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EntryChangeKind.values),
                name="governance_entry_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="governance_entry_change_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy_id}: {self.kind} {self.threat_id}"
