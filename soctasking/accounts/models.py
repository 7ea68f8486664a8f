"""Users, compartments and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from soctasking.accounts.clearance import Classification, CompartmentCode


class Compartment(models.Model):
    """A need-to-know compartment on top of clearance (CHIS, interception, ...)."""

    code = models.CharField(primary_key=True, max_length=40, choices=CompartmentCode.choices)
    name = models.CharField(max_length=200)

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


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
