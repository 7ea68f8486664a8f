"""Recording operations, their activity, covert authorities and disruptions; closing them.

Contributors record for operations their own body leads; analysts and
administrators for any. Reviewers (analysts and administrators) close
operations, one or many at once, with a reason. Every write checks
everything first and raises one ``ValidationError`` naming each field in
error, so nothing is stored from a return that does not add up; the rules
that can be (quantities not negative, convictions not above charges, a close
not before the opening) are also constraints in the database.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.lib.records import RECORD_ID_RE
from soctasking.operations.models import (
    Activity,
    ActivityKind,
    CovertAuthority,
    CovertAuthorityUse,
    Disruption,
    DisruptionLevel,
    Operation,
    OperationStatus,
)
from soctasking.threats.models import Threat

#: Who records for any operation; contributors record for those their body leads.
ANY_BODY_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
RECORDING_ROLES = ANY_BODY_ROLES | {Role.CONTRIBUTOR}
#: The review team: who closes operations.
REVIEWING_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
MAX_CLOSED_AT_ONCE = 1000
ID_MESSAGE = (
    "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
    "starting with a letter or digit."
)

Problems = dict[str, list[str]]


@dataclass(frozen=True)
class Outcomes:
    """What a disruption achieved; ``None`` where the return says nothing."""

    arrests: int | None = None
    charges: int | None = None
    convictions: int | None = None
    drugs_kg: float | None = None
    firearms: int | None = None
    cash_gbp: float | None = None
    assets_denied_gbp: float | None = None


OUTCOME_LABELS = {
    "arrests": "Arrests",
    "charges": "Charges",
    "convictions": "Convictions",
    "drugs_kg": "Drugs seized (kg)",
    "firearms": "Firearms seized",
    "cash_gbp": "Cash seized (GBP)",
    "assets_denied_gbp": "Assets denied (GBP)",
}


def _may_record_for(user: User, operation: Operation | None, body: str | None) -> bool:
    if has_role(user=user, roles=ANY_BODY_ROLES):
        return True
    lead = operation.body_id if operation is not None else body
    return has_role(user=user, roles={Role.CONTRIBUTOR}) and lead == user.body_id


def operation_recordable_by(*, user: User, operation: Operation) -> bool:
    """Whether ``user`` may record activity, authorities and disruptions for ``operation``."""
    return has_role(user=user, roles=RECORDING_ROLES) and _may_record_for(user, operation, None)


def _require(user: User, roles: frozenset[str], doing: str) -> None:
    if not has_role(user=user, roles=roles):
        raise PermissionDenied(f"Your role does not allow {doing}.")


def _operation_for_recording(acting_user: User, operation_id: str) -> Operation:
    _require(acting_user, RECORDING_ROLES, "recording operations")
    operation = Operation.objects.filter(pk=operation_id).first()
    if operation is None:
        raise ValidationError({"operation": f"No operation has the id {operation_id!r}."})
    if not _may_record_for(acting_user, operation, None):
        raise PermissionDenied("You may record only for operations your own body leads.")
    return operation


def _threat_problems(threat_ids: list[str], problems: Problems) -> None:
    known = set(Threat.objects.filter(pk__in=threat_ids).values_list("pk", flat=True))
    unknown = [threat for threat in threat_ids if threat not in known]
    if unknown:
        problems["threats"].append(f"No threat has the id {', '.join(map(repr, unknown))}.")
    if len(set(threat_ids)) != len(threat_ids):
        problems["threats"].append("Name each threat once.")


def _free_id(model: type[CovertAuthority] | type[Disruption], stem: str) -> str:
    """The first of ``stem-1``, ``stem-2``, ... that no record of ``model`` holds."""
    taken = set(model.objects.filter(pk__startswith=stem).values_list("pk", flat=True))
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def operation_open(
    *,
    acting_user: User,
    id: str,
    name: str,
    body: str,
    opened: date | None,
    threats: list[str],
) -> Operation:
    """Record a new open operation with its lead body and the threats it tackles."""
    _require(acting_user, RECORDING_ROLES, "recording operations")
    problems: Problems = defaultdict(list)
    if not RECORD_ID_RE.match(id):
        problems["id"].append(ID_MESSAGE)
    elif Operation.objects.filter(pk=id).exists():
        problems["id"].append(f"An operation with the id {id!r} already exists.")
    if not name.strip():
        problems["name"].append("Enter the operation's name.")
    if not Body.objects.filter(pk=body).exists():
        problems["body"].append(f"No body has the id {body!r}.")
    elif not _may_record_for(acting_user, None, body):
        problems["body"].append("You may record only operations your own body leads.")
    if opened is None:
        problems["opened"].append("Enter the date the operation opened, as YYYY-MM-DD.")
    _threat_problems(threats, problems)
    if problems or opened is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        operation = Operation(id=id, name=name.strip(), body_id=body, opened=opened)
        operation.full_clean()
        operation.save()
        operation.threats.set(Threat.objects.filter(pk__in=threats))
        audit_record(
            actor=acting_user,
            action="open",
            record_type="operation",
            record_id=operation.pk,
            detail={"body": body, "opened": opened.isoformat(), "threats": threats},
        )
    return operation


def activity_record(
    *, acting_user: User, operation_id: str, date: date | None, kind: str, note: str = ""
) -> Activity:
    """Add an entry to an operation's activity log."""
    operation = _operation_for_recording(acting_user, operation_id)
    problems: Problems = defaultdict(list)
    if date is None:
        problems["date"].append("Enter the date of the activity, as YYYY-MM-DD.")
    elif date < operation.opened:
        problems["date"].append(
            f"The activity is dated before the operation opened ({operation.opened.isoformat()})."
        )
    if kind not in ActivityKind.values:
        problems["kind"].append(f"Choose one of {', '.join(ActivityKind.values)}.")
    if problems or date is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        position = operation.activity.count()
        activity = Activity(
            operation=operation, position=position, date=date, kind=kind, note=note.strip()
        )
        activity.full_clean()
        activity.save()
        audit_record(
            actor=acting_user,
            action="record_activity",
            record_type="operation",
            record_id=operation.pk,
            detail={"date": date.isoformat(), "kind": kind},
        )
    return activity


def covert_authority_grant(
    *,
    acting_user: User,
    operation_id: str,
    kind: str,
    granted: date | None,
    expires: date | None = None,
) -> CovertAuthority:
    """Record a covert authority granted for an operation (surveillance, say)."""
    operation = _operation_for_recording(acting_user, operation_id)
    problems: Problems = defaultdict(list)
    if not kind.strip():
        problems["kind"].append("Enter the kind of authority, like directed_surveillance.")
    if granted is None:
        problems["granted"].append("Enter the date it was granted, as YYYY-MM-DD.")
    if granted and expires and expires < granted:
        problems["expires"].append("An authority cannot expire before it was granted.")
    if problems or granted is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        authority = CovertAuthority(
            id=_free_id(CovertAuthority, f"{operation.pk}-authority"),
            operation=operation,
            kind=kind.strip(),
            granted=granted,
            expires=expires,
        )
        authority.full_clean()
        authority.save()
        audit_record(
            actor=acting_user,
            action="grant_authority",
            record_type="operation",
            record_id=operation.pk,
            detail={"authority": authority.pk, "kind": authority.kind, "granted": str(granted)},
        )
    return authority


def covert_authority_use_record(
    *, acting_user: User, authority_id: str, date: date | None, note: str = ""
) -> CovertAuthorityUse:
    """Record one use of a covert authority; its ``last_used`` becomes the latest use."""
    authority = CovertAuthority.objects.select_related("operation").filter(pk=authority_id).first()
    if authority is None:
        raise ValidationError({"authority": f"No covert authority has the id {authority_id!r}."})
    _operation_for_recording(acting_user, authority.operation_id)
    problems: Problems = defaultdict(list)
    if date is None:
        problems["date"].append("Enter the date it was used, as YYYY-MM-DD.")
    elif date < authority.granted:
        problems["date"].append(
            f"The authority was granted on {authority.granted.isoformat()}; "
            "it cannot be used before."
        )
    elif authority.expires is not None and date > authority.expires:
        problems["date"].append(f"The authority expired on {authority.expires.isoformat()}.")
    if problems or date is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        use = CovertAuthorityUse(authority=authority, date=date, note=note.strip())
        use.full_clean()
        use.save()
        if authority.last_used is None or date > authority.last_used:
            authority.last_used = date
            authority.save(update_fields=["last_used"])
        audit_record(
            actor=acting_user,
            action="use_authority",
            record_type="operation",
            record_id=authority.operation_id,
            detail={"authority": authority.pk, "date": date.isoformat()},
        )
    return use


def _outcome_problems(outcomes: Outcomes, problems: Problems) -> None:
    for field in fields(Outcomes):
        value = getattr(outcomes, field.name)
        if value is not None and not math.isfinite(value):
            problems[field.name].append(f"{OUTCOME_LABELS[field.name]} must be a number.")
        elif value is not None and value < 0:
            problems[field.name].append(
                f"{OUTCOME_LABELS[field.name]} cannot be negative; enter 0 or more."
            )
    charges, convictions = outcomes.charges, outcomes.convictions
    if convictions is not None and charges is not None and convictions > charges:
        problems["convictions"].append(
            f"Convictions ({convictions}) cannot be more than charges ({charges})."
        )


def disruption_record(
    *,
    acting_user: User,
    operation_id: str,
    date: date | None,
    level: str,
    threats: list[str],
    outcomes: Outcomes,
    note: str = "",
) -> Disruption:
    """Record a disruption of an operation at a level, against threats, with its outcomes.

    Refused, naming the field, when its outcomes do not add up: a quantity
    below zero, convictions above charges, or a date before the operation
    opened.
    """
    operation = _operation_for_recording(acting_user, operation_id)
    problems: Problems = defaultdict(list)
    if date is None:
        problems["date"].append("Enter the date of the disruption, as YYYY-MM-DD.")
    elif date < operation.opened:
        problems["date"].append(
            f"The disruption is dated before its operation opened ({operation.opened.isoformat()})."
        )
    if level not in DisruptionLevel.values:
        problems["level"].append("Choose major, moderate or minor.")
    _threat_problems(threats, problems)
    _outcome_problems(outcomes, problems)
    if problems or date is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        disruption = Disruption(
            id=_free_id(Disruption, f"{operation.pk}-disruption"),
            operation=operation,
            date=date,
            level=level,
            note=note.strip(),
            **{field.name: getattr(outcomes, field.name) for field in fields(Outcomes)},
        )
        disruption.full_clean()
        disruption.save()
        disruption.threats.set(Threat.objects.filter(pk__in=threats))
        audit_record(
            actor=acting_user,
            action="record_disruption",
            record_type="operation",
            record_id=operation.pk,
            detail={
                "disruption": disruption.pk,
                "date": date.isoformat(),
                "level": level,
                "threats": threats,
                "outcomes": {
                    f.name: getattr(outcomes, f.name)
                    for f in fields(Outcomes)
                    if getattr(outcomes, f.name) is not None
                },
            },
        )
    return disruption


def operations_close(
    *, acting_user: User, operation_ids: list[str], reason: str, closed_on: date | None
) -> list[Operation]:
    """Close open operations at once with the reviewer's reason, each audited.

    All or nothing: an operation that does not exist, is not open, or opened
    after ``closed_on`` refuses the whole request, naming it.
    """
    _require(acting_user, REVIEWING_ROLES, "closing operations")
    problems: Problems = defaultdict(list)
    wanted = list(dict.fromkeys(operation_ids))
    if not wanted:
        problems["operations"].append("Choose at least one operation to close.")
    if len(wanted) > MAX_CLOSED_AT_ONCE:
        problems["operations"].append(f"Close at most {MAX_CLOSED_AT_ONCE} at once.")
    if not reason.strip():
        problems["reason"].append("Give the reason for closing, for the audit trail.")
    if closed_on is None:
        problems["closed_on"].append("Enter the date they close, as YYYY-MM-DD.")
    found = Operation.objects.in_bulk(wanted[:MAX_CLOSED_AT_ONCE])
    for operation_id in wanted[:MAX_CLOSED_AT_ONCE]:
        operation = found.get(operation_id)
        if operation is None:
            problems["operations"].append(f"No operation has the id {operation_id!r}.")
        elif operation.status != OperationStatus.OPEN:
            problems["operations"].append(f"{operation.name} ({operation.pk}) is not open.")
        elif closed_on is not None and closed_on < operation.opened:
            problems["closed_on"].append(
                f"{operation.name} ({operation.pk}) opened on {operation.opened.isoformat()}, "
                "after that date."
            )
    if problems or closed_on is None:
        raise ValidationError(dict(problems))
    closing = [found[operation_id] for operation_id in wanted]
    with transaction.atomic():
        for operation in closing:
            operation.status = OperationStatus.CLOSED
            operation.closed = closed_on
            operation.closure_reason = reason.strip()
            operation.full_clean()
            operation.save(update_fields=["status", "closed", "closure_reason"])
            audit_record(
                actor=acting_user,
                action="close",
                record_type="operation",
                record_id=operation.pk,
                detail={"closed": closed_on.isoformat(), "reason": reason.strip()},
            )
    return closing
