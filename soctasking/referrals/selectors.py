"""Reads of referrals: who may see which, where each stands, and its timer.

Referrals carry no protective marking, but a region's request is its own
business: a user of a referring body sees its own body's referrals, and the
national roles (administrators, analysts, the secretariat, chairs and
inspectors) see every one. Anyone else is answered as if the referral did
not exist.

The timers count against the service levels of check REF001, read from the
thresholds in force, so the page, the API and the finding always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from soctasking.accounts.gate import has_role, is_active_user
from soctasking.accounts.models import Role, User
from soctasking.referrals.models import Referral, ReferralEvent, ReferralStatus, Route

#: Roles that see every region's referrals.
NATIONAL_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.INSPECTOR}
)
#: The check whose thresholds are the service levels.
SERVICE_LEVEL_CHECK = "REF001"


@dataclass(frozen=True)
class ServiceLevel:
    """Days allowed for a decision: ``referral_days``, or ``urgent_days`` on route ``urgent``."""

    referral_days: int
    urgent_days: int

    def days_allowed(self, route: str) -> int:
        return self.urgent_days if route == Route.URGENT else self.referral_days

    def parameter(self, route: str) -> str:
        return "urgent_days" if route == Route.URGENT else "referral_days"


@dataclass(frozen=True)
class Timer:
    """How a referral stands against its service level on a date.

    ``days`` counts from submission to the decision, or to ``as_of`` while
    it awaits one; a referral is late only once more than ``allowed`` days
    have passed, so one decided on the last day is on time.
    """

    allowed: int
    days: int
    due: date
    awaiting: bool
    withdrawn: bool = False

    @property
    def late(self) -> bool:
        return not self.withdrawn and self.days > self.allowed

    @property
    def days_left(self) -> int:
        return self.allowed - self.days

    def describe(self) -> str:
        due = f"{self.due.day} {self.due:%B %Y}"
        if self.withdrawn:
            return "Withdrawn by the referring body"
        if not self.awaiting:
            verdict = "outside" if self.late else "within"
            return f"Decided in {self.days} days, {verdict} the {self.allowed} allowed"
        if self.late:
            return f"{self.days - self.allowed} days overdue: a decision was due by {due}"
        return f"{self.days_left} days left: a decision is due by {due}"


def service_level_in_force() -> ServiceLevel:
    """The service levels as the thresholds of REF001 now stand."""
    # Imported here: the assurance checks import this module as they register.
    from soctasking.assurance.selectors import thresholds_in_force

    thresholds = thresholds_in_force()[SERVICE_LEVEL_CHECK]
    return ServiceLevel(
        referral_days=int(thresholds["referral_days"]),
        urgent_days=int(thresholds["urgent_days"]),
    )


def referral_timer(*, referral: Referral, as_of: date, service_level: ServiceLevel) -> Timer:
    """Where ``referral`` stood against its service level on ``as_of``."""
    allowed = service_level.days_allowed(referral.route)
    decided_later = referral.decided is not None and referral.decided > as_of
    awaiting = decided_later or (
        referral.status == ReferralStatus.SUBMITTED and referral.decided is None
    )
    end = as_of if awaiting or referral.decided is None else referral.decided
    return Timer(
        allowed=allowed,
        days=(end - referral.submitted).days,
        due=referral.submitted + timedelta(days=allowed),
        awaiting=awaiting,
        withdrawn=not awaiting and referral.status == ReferralStatus.WITHDRAWN,
    )


def referrals_awaiting_decision(*, as_of: date) -> QuerySet[Referral]:
    """Referrals submitted by ``as_of`` and still undecided on that day.

    A referral decided after ``as_of`` was still awaiting a decision then,
    so past dates give the picture as it was.
    """
    return (
        Referral.objects.filter(submitted__lte=as_of)
        .filter(Q(status=ReferralStatus.SUBMITTED, decided__isnull=True) | Q(decided__gt=as_of))
        .select_related("from_body", "owner")
        .order_by("submitted", "id")
    )


def referrals_submitted_by(*, as_of: date, routes: list[str]) -> QuerySet[Referral]:
    """Referrals submitted on or before ``as_of`` through any of ``routes``."""
    return (
        Referral.objects.filter(submitted__lte=as_of, route__in=routes)
        .select_related("from_body")
        .order_by("submitted", "id")
    )


def sees_every_referral(*, user: User) -> bool:
    return has_role(user=user, roles=NATIONAL_ROLES)


def referrals_visible_to(*, user: User) -> QuerySet[Referral]:
    """The referrals ``user`` may see: every one for the national roles, else their body's."""
    found = Referral.objects.select_related("from_body", "owner", "requested_by")
    if not is_active_user(user):
        return found.none()
    if sees_every_referral(user=user):
        return found.order_by("-submitted", "id")
    if user.body_id is None:
        return found.none()
    return found.filter(from_body_id=user.body_id).order_by("-submitted", "id")


def referrals_of_body(*, user: User) -> QuerySet[Referral]:
    """ "Our referrals": those the user's own body made, latest first."""
    if not is_active_user(user) or user.body_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(from_body_id=user.body_id)
        .select_related("from_body", "owner")
        .order_by("-submitted", "id")
    )


def referral_get(*, user: User, id: str) -> Referral | None:
    """One referral, if ``user`` may see it."""
    return referrals_visible_to(user=user).filter(pk=id).first()


def referrals_queue(
    *,
    user: User,
    status: str = "",
    route: str = "",
    owner: str = "",
    late_on: date | None = None,
    service_level: ServiceLevel | None = None,
) -> list[Referral]:
    """The referrals ``user`` may see, filtered; with ``late_on``, only those late on that day.

    ``owner`` is a username, or ``none`` for referrals nobody owns yet.
    """
    found = referrals_visible_to(user=user)
    if status:
        found = found.filter(status=status)
    if route:
        found = found.filter(route=route)
    if owner == "none":
        found = found.filter(owner__isnull=True)
    elif owner:
        found = found.filter(owner__username=owner)
    if late_on is None:
        return list(found)
    level = service_level or service_level_in_force()
    return [
        referral
        for referral in found
        if (timer := referral_timer(referral=referral, as_of=late_on, service_level=level)).awaiting
        and timer.late
    ]


def referral_history(*, referral: Referral) -> QuerySet[ReferralEvent]:
    """The steps of a referral's life, oldest first, for one its reader may already see."""
    return referral.events.select_related("actor", "owner").order_by("at", "id")
