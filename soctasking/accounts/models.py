"""Users, compartments, API tokens, and time-limited access to compartments."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from soctasking.accounts.clearance import Classification, CompartmentCode


class Compartment(models.Model):
    """A need-to-know compartment on top of clearance (CHIS, interception, ...)."""

    code = models.CharField(primary_key=True, max_length=40, choices=CompartmentCode.choices)
    name = models.CharField(max_length=200)
    chairs_may_authorise = models.BooleanField(
        default=False,
        help_text="Whether a chair holding this compartment may approve requests for it, "
        "as well as an administrator holding it.",
    )

    def __str__(self) -> str:
        return self.code


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    ANALYST = "analyst", "Analyst"
    SECRETARIAT = "secretariat", "Secretariat"
    CHAIR = "chair", "Chair"
    CONTRIBUTOR = "contributor", "Contributor"
    INSPECTOR = "inspector", "Inspector (read-only)"


class User(AbstractUser):
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    clearance = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.OFFICIAL
    )
    compartments = models.ManyToManyField(Compartment, blank=True, related_name="holders")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_user_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(clearance__in=Classification.values),
                name="accounts_user_clearance_valid",
            ),
        ]


class TokenScope(models.TextChoices):
    """What a bearer token may be used for; each API operation needs one of them."""

    READ = "read", "Read what its user may see"
    SUBMIT = "submit", "Send submissions"
    TIMETABLE = "timetable", "Keep the timetable: requirements, rows, acknowledgements, escalations"
    ACCESS = "access", "Ask for and decide access to compartments"
    BUNDLE = "bundle", "Load and export whole picture bundles"
    THEMES = "themes", "Decide on cross-cutting themes and merge their aliases"
    GOVERNANCE = (
        "governance",
        "Keep governance groups, action plans and the control strategy; report progress, "
        "record assurance",
    )
    MEETINGS = "meetings", "Keep the record of meetings: schedule, attendance, decisions, actions"
    PRIORITISATION = "prioritisation", "Keep scoring templates and score evaluation rounds"
    TASKING = "tasking", "Refer and decide referrals; update actions and daily-briefing reports"
    RESPONSE = "response", "Record local priorities, operations and disruptions; close operations"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored.

    ``scopes`` are the ``TokenScope`` values it may be used for, sorted.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


# A grant is for a task, not a career: longer need means a permanent holding,
# which only an administrator gives.
MAX_GRANT_DAYS = 90


class AccessRequestStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CompartmentAccessRequest(models.Model):
    """A user's request for time-limited access to one compartment, and its decision.

    ``decided_at`` is when the request closed: approved, refused or withdrawn;
    ``decided_by`` is the authoriser, and stays empty for a withdrawal.
    """

    requester = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="compartment_access_requests"
    )
    compartment = models.ForeignKey(
        Compartment, on_delete=models.PROTECT, related_name="access_requests"
    )
    reason = models.TextField(max_length=2000)
    days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GRANT_DAYS)],
        help_text=f"How long the access is needed for, from approval: 1 to {MAX_GRANT_DAYS} days.",
    )
    status = models.CharField(
        max_length=20, choices=AccessRequestStatus.choices, default=AccessRequestStatus.REQUESTED
    )
    created = models.DateTimeField()
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compartment_access_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AccessRequestStatus.values),
                name="accounts_access_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=1, days__lte=MAX_GRANT_DAYS),
                name="accounts_access_request_days_in_range",
            ),
            models.UniqueConstraint(
                fields=["requester", "compartment"],
                condition=models.Q(status=AccessRequestStatus.REQUESTED),
                name="accounts_access_request_one_open",
                violation_error_message="There is already an open request for this compartment.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status=AccessRequestStatus.REQUESTED,
                        decided_at__isnull=True,
                        decided_by__isnull=True,
                    )
                    | models.Q(
                        status__in=[AccessRequestStatus.APPROVED, AccessRequestStatus.REFUSED],
                        decided_at__isnull=False,
                        decided_by__isnull=False,
                    )
                    | models.Q(
                        status=AccessRequestStatus.WITHDRAWN,
                        decided_at__isnull=False,
                        decided_by__isnull=True,
                    )
                ),
                name="accounts_access_request_decided_fields_match_status",
            ),
            # Nobody authorises their own access, whatever their role.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requester")),
                name="accounts_access_request_not_self_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.compartment_id} ({self.status})"


class CompartmentGrant(models.Model):
    """Time-limited access to one compartment: in force from ``starts`` until ``expires``.

    Nothing needs to run for a grant to lapse: the access gate compares both
    times with the clock whenever it decides.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="compartment_grants")
    compartment = models.ForeignKey(Compartment, on_delete=models.PROTECT, related_name="grants")
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="compartment_grants_given"
    )
    starts = models.DateTimeField()
    expires = models.DateTimeField()
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compartment_grants_revoked",
    )
    request = models.OneToOneField(
        CompartmentAccessRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant",
    )

    class Meta:
        ordering = ["starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires__gt=models.F("starts")),
                name="accounts_compartment_grant_expires_after_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(granted_by=models.F("user")),
                name="accounts_compartment_grant_not_self_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.compartment_id} until {self.expires:%Y-%m-%d %H:%M}"
