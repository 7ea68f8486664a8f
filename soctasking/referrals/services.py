"""The referrals workflow: a region asks, the national agency routes, owns and decides.

A regional organised crime unit asks for national specialist support or for
an investigation to be adopted. The request goes to the regional organised
crime coordinator, who raises it at the intelligence tasking group, or, when
it cannot wait, straight to the head of tasking (route ``urgent``). It is
never sent to a quarterly group: waiting for one is what made the regions
lose faith in asking (REF002 flags any referral that was).

Every step is a ``ReferralEvent`` beside the referral, so the requesting
body sees where its request stands and why. Every write is refused whole,
naming each field in error, and stores nothing when refused.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from soctasking.accounts.gate import WRITING_ROLES, has_role, require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import BodyKind
from soctasking.lib.records import RECORD_ID_RE
from soctasking.referrals.models import (
    MAX_DETAIL_LENGTH,
    Referral,
    ReferralEvent,
    ReferralEventKind,
    ReferralKind,
    ReferralStatus,
    Route,
)
from soctasking.referrals.selectors import referral_get
from soctasking.threats.models import Threat

#: Who owns, routes and decides referrals at the national agency: the head of
#: tasking and the groups' chairs, and the secretariat who run the regional
#: coordinators' queue.
DECIDING_ROLES = frozenset({Role.ADMINISTRATOR, Role.CHAIR, Role.SECRETARIAT})
#: The routes the workflow sends a referral by; the quarterly groups are not among them.
WORKFLOW_ROUTES = (Route.ROCC, Route.ITG, Route.URGENT)
#: The bodies that refer: regional organised crime units.
REFERRING_KINDS = frozenset({BodyKind.ROCU})
MAX_SUBJECT_LENGTH = 500
DECISIONS = {
    ReferralStatus.ACCEPTED: ReferralEventKind.ACCEPTED,
    ReferralStatus.DECLINED: ReferralEventKind.DECLINED,
}


def _too_long(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{label} must be {limit} characters or fewer; this has {len(value)}."
    return None


def _referral_awaiting(referral_id: str) -> Referral:
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None:
        raise Referral.DoesNotExist(f"No referral has the id {referral_id!r}.")
    if referral.status != ReferralStatus.SUBMITTED:
        raise ValidationError(
            {"status": f"This referral is already {referral.get_status_display().lower()}."}
        )
    return referral


def _event(
    *,
    referral: Referral,
    kind: ReferralEventKind,
    acting_user: User | None,
    note: str = "",
    owner: User | None = None,
) -> ReferralEvent:
    event = ReferralEvent(
        referral=referral,
        at=timezone.now(),
        kind=kind,
        actor=acting_user,
        route=referral.route,
        owner=owner,
        note=note,
    )
    event.full_clean()
    event.save()
    return event


def referral_submit(
    *,
    acting_user: User,
    id: str,
    subject: str,
    kind: str,
    detail: str,
    urgent: bool,
    threats: list[str],
) -> Referral:
    """Ask, for the acting user's regional unit, for national support or adoption.

    The referral goes to the regional coordinator (route ``rocc``), or to
    the head of tasking when ``urgent``. It is dated today.
    """
    if not has_role(user=acting_user, roles=WRITING_ROLES):
        raise PermissionDenied("Your role does not allow you to refer.")
    body = acting_user.body
    if body is None or body.kind not in REFERRING_KINDS:
        raise PermissionDenied("Only a regional organised crime unit refers to the national level.")
    errors: dict[str, list[str]] = defaultdict(list)
    if not RECORD_ID_RE.match(id):
        errors["id"].append(
            "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    elif Referral.objects.filter(pk=id).exists():
        errors["id"].append(f"A referral with the id {id!r} already exists.")
    if not subject.strip():
        errors["subject"].append("Enter what the referral is about.")
    elif problem := _too_long("The subject", subject, MAX_SUBJECT_LENGTH):
        errors["subject"].append(problem)
    if kind not in ReferralKind.values:
        errors["kind"].append(
            f"Choose what is asked for: {', '.join(repr(k) for k in ReferralKind.values)}."
        )
    if not detail.strip():
        errors["detail"].append("Say what support is needed, or why the case should be adopted.")
    elif problem := _too_long("What is needed and why", detail, MAX_DETAIL_LENGTH):
        errors["detail"].append(problem)
    named = list(Threat.objects.filter(pk__in=threats))
    known = {threat.pk for threat in named}
    if unknown := sorted(set(threats) - known):
        errors["threats"].append(f"No threat has the id {', '.join(map(repr, unknown))}.")
    if errors:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        referral = Referral(
            id=id,
            subject=subject.strip(),
            from_body=body,
            kind=kind,
            submitted=timezone.localdate(),
            route=Route.URGENT if urgent else Route.ROCC,
            status=ReferralStatus.SUBMITTED,
            detail=detail.strip(),
            requested_by=acting_user,
        )
        referral.full_clean()
        referral.save()
        referral.threats.set(named)
        _event(referral=referral, kind=ReferralEventKind.SUBMITTED, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="referral",
            record_id=referral.pk,
            detail={
                "from_body": body.pk,
                "kind": kind,
                "route": referral.route,
                "threats": sorted(known),
            },
        )
    return referral


def referral_route(*, acting_user: User, referral_id: str, route: str, note: str) -> Referral:
    """Send an undecided referral on: from the coordinator to the ITG, or to the head of tasking."""
    require_role(user=acting_user, roles=DECIDING_ROLES)
    errors: dict[str, list[str]] = defaultdict(list)
    if route not in [r.value for r in WORKFLOW_ROUTES]:
        errors["route"].append(
            "Choose the regional coordinator ('rocc'), the intelligence tasking group ('itg') "
            "or the head of tasking ('urgent'); the quarterly groups sit too seldom to decide "
            "referrals."
        )
    if problem := _too_long("The note", note, MAX_DETAIL_LENGTH):
        errors["note"].append(problem)
    if errors:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        referral = _referral_awaiting(referral_id)
        if referral.route == route:
            raise ValidationError({"route": "The referral is already on this route."})
        was = referral.route
        referral.route = route
        referral.full_clean()
        referral.save(update_fields=["route"])
        _event(
            referral=referral,
            kind=ReferralEventKind.ROUTED,
            acting_user=acting_user,
            note=note.strip(),
        )
        audit_record(
            actor=acting_user,
            action="route",
            record_type="referral",
            record_id=referral.pk,
            detail={"from": was, "to": route},
        )
    return referral


def referral_assign(*, acting_user: User, referral_id: str, owner: str) -> Referral:
    """Make a named officer of the national agency the owner of an undecided referral."""
    require_role(user=acting_user, roles=DECIDING_ROLES)
    officer = User.objects.filter(username=owner, is_active=True).first()
    if officer is None:
        raise ValidationError({"owner": f"No active user has the username {owner!r}."})
    if not has_role(user=officer, roles=DECIDING_ROLES):
        raise ValidationError(
            {
                "owner": "The owner decides the referral: choose a chair, the secretariat or an "
                "administrator."
            }
        )
    with transaction.atomic():
        referral = _referral_awaiting(referral_id)
        referral.owner = officer
        referral.full_clean()
        referral.save(update_fields=["owner"])
        _event(
            referral=referral,
            kind=ReferralEventKind.ASSIGNED,
            acting_user=acting_user,
            owner=officer,
        )
        audit_record(
            actor=acting_user,
            action="assign",
            record_type="referral",
            record_id=referral.pk,
            detail={"owner": officer.get_username()},
        )
    return referral


def referral_decide(
    *, acting_user: User, referral_id: str, decision: str, reasons: str
) -> Referral:
    """Accept or decline a referral, with the reasons the requesting body will read."""
    require_role(user=acting_user, roles=DECIDING_ROLES)
    errors: dict[str, list[str]] = defaultdict(list)
    if decision not in DECISIONS:
        errors["decision"].append("Choose 'accepted' or 'declined'.")
    if not reasons.strip():
        errors["reasons"].append("Give the reasons for the decision; the region will read them.")
    elif problem := _too_long("The reasons", reasons, MAX_DETAIL_LENGTH):
        errors["reasons"].append(problem)
    if errors:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        referral = _referral_awaiting(referral_id)
        referral.status = decision
        referral.decided = timezone.localdate()
        referral.decision_reasons = reasons.strip()
        if referral.owner is None:
            # Whoever decides an unowned referral has owned it.
            referral.owner = acting_user
        referral.full_clean()
        referral.save(update_fields=["status", "decided", "decision_reasons", "owner"])
        _event(
            referral=referral,
            kind=DECISIONS[ReferralStatus(decision)],
            acting_user=acting_user,
            note=referral.decision_reasons,
        )
        audit_record(
            actor=acting_user,
            action="decide",
            record_type="referral",
            record_id=referral.pk,
            detail={"decision": decision, "decided": referral.decided.isoformat()},
        )
    return referral


def referral_withdraw(*, acting_user: User, referral_id: str, reason: str) -> Referral:
    """The requesting body takes back a referral not yet decided."""
    if not has_role(user=acting_user, roles=WRITING_ROLES):
        raise PermissionDenied("Your role does not allow you to withdraw a referral.")
    errors: dict[str, list[str]] = defaultdict(list)
    if not reason.strip():
        errors["reason"].append("Say why the referral is withdrawn.")
    elif problem := _too_long("The reason", reason, MAX_DETAIL_LENGTH):
        errors["reason"].append(problem)
    with transaction.atomic():
        referral = referral_get(user=acting_user, id=referral_id)
        if referral is None:
            raise Referral.DoesNotExist(f"No referral has the id {referral_id!r}.")
        if referral.from_body_id != acting_user.body_id:
            raise PermissionDenied("Only the body that referred withdraws its referral.")
        if errors:
            raise ValidationError(dict(errors))
        referral = _referral_awaiting(referral_id)
        referral.status = ReferralStatus.WITHDRAWN
        referral.full_clean()
        referral.save(update_fields=["status"])
        _event(
            referral=referral,
            kind=ReferralEventKind.WITHDRAWN,
            acting_user=acting_user,
            note=reason.strip(),
        )
        audit_record(
            actor=acting_user,
            action="withdraw",
            record_type="referral",
            record_id=referral.pk,
            detail={},
        )
    return referral
