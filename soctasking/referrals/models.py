"""Referrals: a region asking for national support or for adoption of an investigation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from soctasking.lib.records import RecordIdField

#: The longest account of what a region asks for, and of a decision's reasons.
MAX_DETAIL_LENGTH = 4000


class ReferralKind(models.TextChoices):
    SUPPORT = "support", "National support"
    ADOPTION = "adoption", "Adoption of an investigation"


class Route(models.TextChoices):
    ROCC = "rocc", "Regional organised crime coordinator"
    ITG = "itg", "Intelligence tasking group"
    URGENT = "urgent", "Urgent, to the head of tasking"
    NTIG = "ntig", "National tactical intelligence group"
    NTTCG = "nttcg", "National tactical tasking and coordination group"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Referral(models.Model):
    id = RecordIdField()
    subject = models.CharField(max_length=500)
    from_body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=20, choices=ReferralKind.choices, blank=True)
    submitted = models.DateField()
    route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="referrals")
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    decided = models.DateField(null=True, blank=True)
    # The workflow's own record; a referral loaded from a bundle has none of it.
    detail = models.TextField(blank=True, max_length=MAX_DETAIL_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_requested",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_owned",
    )
    decision_reasons = models.TextField(blank=True, max_length=MAX_DETAIL_LENGTH)

    class Meta:
        ordering = ["-submitted", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided__isnull=True)
                | models.Q(decided__gte=models.F("submitted")),
                name="referrals_referral_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReferralStatus.values),
                name="referrals_referral_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class ReferralEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ROUTED = "routed", "Routed"
    ASSIGNED = "assigned", "Owner assigned"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReferralEvent(models.Model):
    """One step in a referral's life, so the requester can see where it stands and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ReferralEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route = models.CharField(max_length=10, choices=Route.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=MAX_DETAIL_LENGTH)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReferralEventKind.values),
                name="referrals_event_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind}"
