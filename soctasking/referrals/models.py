"""Referrals: a region asking for national support or for adoption of an investigation."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


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

    class Meta:
        ordering = ["-submitted", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided__isnull=True)
                | models.Q(decided__gte=models.F("submitted")),
                name="referrals_referral_decided_after_submitted",
            )
        ]

    def __str__(self) -> str:
        return self.subject
