"""Writes of the national control strategy: a draft generated from the approved national
strategic assessment and the national priorities, entries added, edited and removed with a
reason each, approval by a held NTTCG meeting, and a new draft from an approved version.

Only a draft changes. Every change to an entry is kept as a
``ControlStrategyEntryChange`` with its reason and audited in the same
transaction; a refused change stores nothing. Approval is refused while any
check on control strategies (CST001-CST004) holds for the draft, unless the
approver records why the meeting approved it all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from soctasking.accounts.gate import require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.governance.models import (
    ControlStrategy,
    ControlStrategyEntry,
    ControlStrategyEntryChange,
    EntryChangeKind,
    StrategyLevel,
    StrategyStatus,
)
from soctasking.governance.strategy.selectors import strategy_findings
from soctasking.intelligence.selectors import latest_national_strategic_assessment
from soctasking.lib.records import RECORD_ID_RE
from soctasking.meetings.models import Decision, DecisionKind, Meeting, MeetingStatus, SeriesKind
from soctasking.meetings.selectors import current_priority_threats
from soctasking.threats.models import Threat

#: Who drafts and edits the strategy: the analysts who prepare it for the tactical group.
DRAFTING_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
#: Who records the tactical group's approval: its chair and secretariat.
APPROVING_ROLES = frozenset({Role.CHAIR, Role.SECRETARIAT, Role.ADMINISTRATOR})
MAX_REASON = 2000
MAX_RESPONSE = 5000
RESPONSE_FIELDS = ("response_intelligence", "response_prevention", "response_enforcement")
ENTRY_FIELDS = ("level", *RESPONSE_FIELDS)


class StrategyNotDraftError(Exception):
    """The strategy is no longer a draft: it is approved or superseded, and does not change."""


@dataclass(frozen=True)
class EntryAnswers:
    """What an entry is to say; ``None`` leaves a part as it is (when editing)."""

    level: str | None = None
    response_intelligence: str | None = None
    response_prevention: str | None = None
    response_enforcement: str | None = None

    def given(self) -> dict[str, str]:
        return {name: value for name in ENTRY_FIELDS if (value := getattr(self, name)) is not None}


def _may(acting_user: User | None, roles: frozenset[str]) -> None:
    # The console acts as the system (``acting_user=None``): the operator on the server.
    if acting_user is not None:
        require_role(user=acting_user, roles=roles)


def _reason_checked(reason: str, field: str = "reason") -> str:
    cleaned = (reason or "").strip()
    if not cleaned:
        raise ValidationError({field: "Give the reason for the change."})
    if len(cleaned) > MAX_REASON:
        raise ValidationError({field: f"A reason is at most {MAX_REASON} characters."})
    return cleaned


def _free_id(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no strategy holds yet."""
    base = base[:90].strip("-.") or "cs"
    candidate, n = base, 1
    while ControlStrategy.objects.filter(pk=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _next_version() -> int:
    latest = ControlStrategy.objects.aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _draft_locked(strategy_id: str) -> ControlStrategy:
    strategy = ControlStrategy.objects.select_for_update().filter(pk=strategy_id).first()
    if strategy is None:
        raise ControlStrategy.DoesNotExist(strategy_id)
    if strategy.status != StrategyStatus.DRAFT:
        raise StrategyNotDraftError(
            f"Control strategy {strategy.id} is {strategy.get_status_display().lower()}; "
            "start a new draft from it to change it."
        )
    return strategy


def _in_force() -> ControlStrategy | None:
    return (
        ControlStrategy.objects.filter(status=StrategyStatus.APPROVED)
        .order_by("-version", "-id")
        .first()
    )


def control_strategy_generate(
    *, acting_user: User | None, as_of: date, strategy_id: str = ""
) -> ControlStrategy:
    """A new draft from the approved national strategic assessment latest issued by ``as_of``.

    One entry for each threat, sub-threat and vulnerability the assessment
    holds, and for nothing it does not. The current national priority threats
    (the latest ``adopt_priority_threats`` decision held by the date) are at
    level ``priority``; any other threat keeps the band the strategy in force
    gave it, and a threat new to the strategy is ``listed`` until the analyst
    bands it. Responses are left empty for the analyst to write: CST004 flags
    a priority entry without them.
    """
    _may(acting_user, DRAFTING_ROLES)
    if strategy_id and not RECORD_ID_RE.match(strategy_id):
        raise ValidationError(
            {"id": "An id is 1 to 100 lower-case letters, digits, '.', '_' or '-'."}
        )
    assessment = latest_national_strategic_assessment(as_of=as_of)
    if assessment is None:
        raise ValidationError(
            {
                "as_of": f"No approved national strategic assessment was issued by "
                f"{as_of.isoformat()}; approve one before drafting the control strategy."
            }
        )
    with transaction.atomic():
        if strategy_id and ControlStrategy.objects.filter(pk=strategy_id).exists():
            raise ValidationError({"id": f"A control strategy {strategy_id!r} already exists."})
        priorities = current_priority_threats(as_of=as_of)
        in_force = _in_force()
        banded = (
            {
                entry.threat_id: entry.level
                for entry in in_force.entries.exclude(level=StrategyLevel.PRIORITY)
            }
            if in_force is not None
            else {}
        )
        strategy = ControlStrategy(
            id=strategy_id or _free_id(f"cs-{assessment.id}"),
            based_on=assessment,
            status=StrategyStatus.DRAFT,
            version=_next_version(),
            drafted=timezone.now(),
        )
        strategy.full_clean()
        strategy.save()
        assessed = {
            threat.id: threat
            for threat in [*assessment.threats.all(), *assessment.vulnerabilities.all()]
        }
        levels: dict[str, int] = {}
        for threat_id in sorted(assessed):
            if threat_id in priorities:
                level = StrategyLevel.PRIORITY
            else:
                level = StrategyLevel(banded.get(threat_id, StrategyLevel.LISTED))
            entry = ControlStrategyEntry(strategy=strategy, threat=assessed[threat_id], level=level)
            entry.full_clean()
            entry.save()
            levels[level] = levels.get(level, 0) + 1
        audit_record(
            actor=acting_user,
            action="generate",
            record_type="control_strategy",
            record_id=strategy.id,
            detail={
                "based_on": assessment.id,
                "as_of": as_of.isoformat(),
                "version": strategy.version,
                "entries": len(assessed),
                "levels": levels,
                "priority_threats": sorted(priorities),
                "bands_from": in_force.id if in_force is not None else None,
            },
        )
    return strategy


def _entry_values(entry: ControlStrategyEntry) -> dict[str, str]:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def _answers_checked(answers: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for name, value in answers.items():
        if name == "level":
            if value not in StrategyLevel.values:
                raise ValidationError(
                    {"level": f"Choose a level: {', '.join(StrategyLevel.values)}."}
                )
            cleaned[name] = value
        else:
            text = value.strip()
            if len(text) > MAX_RESPONSE:
                raise ValidationError({name: f"A response is at most {MAX_RESPONSE} characters."})
            cleaned[name] = text
    return cleaned


def _change_record(
    *,
    acting_user: User | None,
    strategy: ControlStrategy,
    threat: Threat,
    kind: str,
    changes: dict[str, list[Any]],
    reason: str,
) -> ControlStrategyEntryChange:
    change = ControlStrategyEntryChange(
        strategy=strategy,
        threat=threat,
        kind=kind,
        changes=changes,
        reason=reason,
        changed_by=acting_user,
        changed_at=timezone.now(),
    )
    change.full_clean()
    change.save()
    # The response texts are the strategy's own words, kept in the change
    # history; the trail records which parts changed and why.
    audit_record(
        actor=acting_user,
        action=f"entry_{kind}",
        record_type="control_strategy",
        record_id=strategy.id,
        detail={
            "threat": threat.id,
            "change": change.pk,
            "fields": sorted(changes),
            "level": changes.get("level"),
            "reason": reason,
        },
    )
    return change


def control_strategy_entry_add(
    *,
    acting_user: User | None,
    strategy_id: str,
    threat_id: str,
    answers: EntryAnswers,
    reason: str,
) -> ControlStrategyEntry:
    """Add an entry for a catalogued threat to a draft, at a stated level, with a reason.

    A threat not in the catalogue, or already in the strategy, is refused
    naming the field ``threat``; nothing is stored.
    """
    _may(acting_user, DRAFTING_ROLES)
    reason = _reason_checked(reason)
    values = _answers_checked(answers.given())
    if "level" not in values:
        raise ValidationError({"level": "Choose the level of the new entry."})
    with transaction.atomic():
        strategy = _draft_locked(strategy_id)
        threat = Threat.objects.filter(pk=threat_id).first()
        if threat is None:
            raise ValidationError(
                {"threat": f"No threat {threat_id!r} in the catalogue; choose a catalogued one."}
            )
        if strategy.entries.filter(threat=threat).exists():
            raise ValidationError(
                {"threat": f"The strategy already has an entry for {threat.name}; edit it."}
            )
        entry = ControlStrategyEntry(strategy=strategy, threat=threat, **values)
        entry.full_clean()
        entry.save()
        _change_record(
            acting_user=acting_user,
            strategy=strategy,
            threat=threat,
            kind=EntryChangeKind.ADDED,
            changes={name: [None, value] for name, value in _entry_values(entry).items()},
            reason=reason,
        )
    return entry


def control_strategy_entry_edit(
    *,
    acting_user: User | None,
    strategy_id: str,
    threat_id: str,
    answers: EntryAnswers,
    reason: str,
) -> ControlStrategyEntry:
    """Change the level or the responses of a draft's entry, with a reason.

    An edit that changes nothing is refused, so every recorded change is one.
    """
    _may(acting_user, DRAFTING_ROLES)
    reason = _reason_checked(reason)
    values = _answers_checked(answers.given())
    with transaction.atomic():
        strategy = _draft_locked(strategy_id)
        entry = (
            strategy.entries.select_for_update()
            .select_related("threat")
            .filter(threat_id=threat_id)
            .first()
        )
        if entry is None:
            raise ValidationError(
                {"threat": f"Control strategy {strategy.id} has no entry for {threat_id!r}."}
            )
        before = _entry_values(entry)
        changes = {
            name: [before[name], value] for name, value in values.items() if before[name] != value
        }
        if not changes:
            raise ValidationError(
                {"level": "Nothing would change; change the level or a response."}
            )
        for name, (_, value) in changes.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save(update_fields=list(changes))
        _change_record(
            acting_user=acting_user,
            strategy=strategy,
            threat=entry.threat,
            kind=EntryChangeKind.EDITED,
            changes=changes,
            reason=reason,
        )
    return entry


def control_strategy_entry_remove(
    *, acting_user: User | None, strategy_id: str, threat_id: str, reason: str
) -> None:
    """Take an entry out of a draft, with a reason; its last wording stays in the history."""
    _may(acting_user, DRAFTING_ROLES)
    reason = _reason_checked(reason)
    with transaction.atomic():
        strategy = _draft_locked(strategy_id)
        entry = strategy.entries.select_related("threat").filter(threat_id=threat_id).first()
        if entry is None:
            raise ValidationError(
                {"threat": f"Control strategy {strategy.id} has no entry for {threat_id!r}."}
            )
        changes = {name: [value, None] for name, value in _entry_values(entry).items()}
        threat = entry.threat
        entry.delete()
        _change_record(
            acting_user=acting_user,
            strategy=strategy,
            threat=threat,
            kind=EntryChangeKind.REMOVED,
            changes=changes,
            reason=reason,
        )


def _approving_meeting(meeting_id: str, strategy: ControlStrategy) -> Meeting:
    meeting = Meeting.objects.select_related("series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError({"meeting": f"No meeting {meeting_id!r} is recorded."})
    if meeting.series.kind != SeriesKind.NTTCG:
        raise ValidationError(
            {
                "meeting": f"{meeting} is a meeting of the {meeting.series.get_kind_display()}; "
                "the national tactical tasking and coordination group approves the strategy."
            }
        )
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            {
                "meeting": f"{meeting} is recorded as {meeting.get_status_display().lower()}, "
                "not held: a meeting that did not sit approved nothing."
            }
        )
    if strategy.based_on is not None and meeting.date < strategy.based_on.issued:
        raise ValidationError(
            {
                "meeting": f"{meeting} sat before the assessment {strategy.based_on_id} the "
                f"strategy is based on was issued ({strategy.based_on.issued:%d %B %Y})."
            }
        )
    return meeting


def control_strategy_approve(
    *,
    acting_user: User | None,
    strategy_id: str,
    meeting_id: str,
    as_of: date,
    override_reason: str = "",
) -> ControlStrategy:
    """Record that a held NTTCG meeting approved the draft; it comes into force.

    The checks on control strategies run on the draft as of ``as_of`` (the
    picture's date, as the quality-assurance panel shows them); while any
    holds, approval needs ``override_reason``, kept with the codes that held.
    The strategy previously in force is superseded, and the meeting records
    an ``approve_control_strategy`` decision.
    """
    _may(acting_user, APPROVING_ROLES)
    with transaction.atomic():
        strategy = _draft_locked(strategy_id)
        meeting = _approving_meeting(meeting_id, strategy)
        findings = strategy_findings(strategy=strategy, as_of=as_of)
        holding = sorted({finding.code for finding in findings})
        override = (override_reason or "").strip()
        if holding and not override:
            raise ValidationError(
                {
                    "override_reason": f"{', '.join(holding)} still hold for this draft; correct "
                    "it, or record why the meeting approved it all the same."
                }
            )
        if override:
            override = _reason_checked(override, field="override_reason")
        superseded = list(
            ControlStrategy.objects.select_for_update()
            .filter(status=StrategyStatus.APPROVED)
            .values_list("pk", flat=True)
        )
        ControlStrategy.objects.filter(pk__in=superseded).update(status=StrategyStatus.SUPERSEDED)
        strategy.status = StrategyStatus.APPROVED
        strategy.approved_by = meeting
        strategy.approval_override = override if holding else ""
        strategy.approval_findings = holding
        strategy.full_clean()
        strategy.save(
            update_fields=["status", "approved_by", "approval_override", "approval_findings"]
        )
        decision = Decision(
            id=_free_decision_id(f"{meeting.id}.approve-{strategy.id}"),
            meeting=meeting,
            kind=DecisionKind.APPROVE_CONTROL_STRATEGY,
            text=f"Control strategy {strategy.id} (version {strategy.version}) approved.",
            rationale=strategy.approval_override,
        )
        decision.full_clean()
        decision.save()
        audit_record(
            actor=acting_user,
            action="approve",
            record_type="control_strategy",
            record_id=strategy.id,
            detail={
                "meeting": meeting.id,
                "decision": decision.id,
                "as_of": as_of.isoformat(),
                "findings_holding": holding,
                "override_reason": strategy.approval_override,
                "superseded": superseded,
            },
        )
    return strategy


def _free_decision_id(base: str) -> str:
    base = base[:95].strip("-.")
    candidate, n = base, 1
    while Decision.objects.filter(pk=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def control_strategy_new_version(
    *, acting_user: User | None, strategy_id: str, new_id: str = ""
) -> ControlStrategy:
    """A new draft copying an approved version, its entries and responses, to be revised.

    One draft at a time from a version: a second is refused naming the first.
    """
    _may(acting_user, DRAFTING_ROLES)
    if new_id and not RECORD_ID_RE.match(new_id):
        raise ValidationError(
            {"id": "An id is 1 to 100 lower-case letters, digits, '.', '_' or '-'."}
        )
    with transaction.atomic():
        source = ControlStrategy.objects.select_for_update().filter(pk=strategy_id).first()
        if source is None:
            raise ControlStrategy.DoesNotExist(strategy_id)
        if source.status != StrategyStatus.APPROVED:
            raise ValidationError(
                {
                    "strategy": f"Control strategy {source.id} is "
                    f"{source.get_status_display().lower()}; a new version starts from an "
                    "approved one."
                }
            )
        open_draft = source.successors.filter(status=StrategyStatus.DRAFT).first()
        if open_draft is not None:
            raise ValidationError(
                {"strategy": f"Draft {open_draft.id} is already open from {source.id}; edit it."}
            )
        if new_id and ControlStrategy.objects.filter(pk=new_id).exists():
            raise ValidationError({"id": f"A control strategy {new_id!r} already exists."})
        version = _next_version()
        draft = ControlStrategy(
            id=new_id or _free_id(f"{source.id.split('-v')[0]}-v{version}"),
            based_on=source.based_on,
            status=StrategyStatus.DRAFT,
            version=version,
            derived_from=source,
            drafted=timezone.now(),
        )
        draft.full_clean()
        draft.save()
        copies = [
            ControlStrategyEntry(
                strategy=draft,
                threat_id=entry.threat_id,
                **{name: getattr(entry, name) for name in ENTRY_FIELDS},
            )
            for entry in source.entries.all()
        ]
        ControlStrategyEntry.objects.bulk_create(copies)
        audit_record(
            actor=acting_user,
            action="new_version",
            record_type="control_strategy",
            record_id=draft.id,
            detail={"derived_from": source.id, "version": version, "entries": len(copies)},
        )
    return draft
