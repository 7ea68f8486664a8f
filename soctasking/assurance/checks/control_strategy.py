"""Checks on the national control strategy against the assessment it derives from, the
requirement and the national priorities: threats left out, entries the assessment never
mentions, priority levels that do not match the priorities adopted, and priority entries
whose expected response is left implicit.

The checks hold every control strategy that is not superseded to the picture
on the date: the one in force, and any draft being prepared to replace it,
whose accuracy is worth assuring before it is approved. A superseded strategy
is history; holding it to today's requirement and priorities would only
repeat what its successor corrects. Findings name strategies, assessments,
requirements and threats by id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from soctasking.assurance.registry import Finding, check, flag
from soctasking.governance.models import ControlStrategy, ControlStrategyEntry, StrategyLevel
from soctasking.governance.selectors import control_strategies_current
from soctasking.intelligence.selectors import current_requirement_threats
from soctasking.meetings.selectors import current_priority_threats

# The three responses the National Intelligence Model expects a control strategy to state.
RESPONSES = ("intelligence", "prevention", "enforcement")


def _named(strategy: ControlStrategy) -> str:
    return f"Control strategy {strategy.id} ({strategy.get_status_display().lower()})"


def _assessed(strategy: ControlStrategy) -> set[str]:
    """The threats and vulnerabilities of the strategy's assessment, as ids."""
    if strategy.based_on is None:
        return set()
    assessment = strategy.based_on
    return {threat.id for threat in assessment.threats.all()} | {
        threat.id for threat in assessment.vulnerabilities.all()
    }


def _entries(strategy: ControlStrategy) -> dict[str, ControlStrategyEntry]:
    return {entry.threat_id: entry for entry in strategy.entries.all()}


@check(
    code="CST001",
    name="strategy-omission",
    severity="high",
    subject="control_strategy",
    recommendation="Add the missing threats to the control strategy at a stated level, or "
    "record why each was left out.",
)
def strategy_omission(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A control strategy leaving out threats or vulnerabilities of the assessment it is based
    on, or threats of the current requirement; evidence lists them.

    A threat is in the strategy when an entry names it at any level; an entry
    for its parent or a sub-threat does not stand for it. On a date no
    requirement covers, only the assessment is compared.
    """
    requirement, required = current_requirement_threats(as_of=as_of)
    for strategy in control_strategies_current(as_of=as_of):
        entries = _entries(strategy)
        assessed = _assessed(strategy)
        from_assessment = sorted(assessed - set(entries))
        from_requirement = sorted(required - set(entries))
        missing = sorted(set(from_assessment) | set(from_requirement))
        if not missing:
            continue
        noun = "threat" if len(missing) == 1 else "threats"
        yield flag(
            "CST001",
            subject_id=strategy.id,
            message=f"{_named(strategy)} leaves out {len(missing)} {noun} of its assessment "
            f"or the current requirement: {', '.join(missing)}",
            evidence={
                "strategy": strategy.id,
                "assessment": strategy.based_on_id,
                "requirement": requirement.id if requirement is not None else None,
                "missing": missing,
                "missing_from_assessment": from_assessment,
                "missing_from_requirement": from_requirement,
            },
        )


@check(
    code="CST002",
    name="strategy-unsourced-entry",
    severity="medium",
    subject="control_strategy",
    recommendation="Word each entry as the assessment does, or have the assessment cover the "
    "threat before it enters the strategy.",
)
def strategy_unsourced_entry(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A control strategy with entries whose threat is not among the threats or
    vulnerabilities of the assessment it is based on; evidence lists them.

    A strategy based on no assessment has no entry sourced.
    """
    for strategy in control_strategies_current(as_of=as_of):
        assessed = _assessed(strategy)
        unsourced = sorted(threat for threat in _entries(strategy) if threat not in assessed)
        if not unsourced:
            continue
        noun = "entry" if len(unsourced) == 1 else "entries"
        source = (
            f"the assessment {strategy.based_on_id}"
            if strategy.based_on_id is not None
            else "any assessment, as it is based on none"
        )
        yield flag(
            "CST002",
            subject_id=strategy.id,
            message=f"{_named(strategy)} has {len(unsourced)} {noun} not found in {source}: "
            f"{', '.join(unsourced)}",
            evidence={
                "strategy": strategy.id,
                "assessment": strategy.based_on_id,
                "unsourced": unsourced,
            },
        )


@check(
    code="CST003",
    name="strategy-priority-unclear",
    severity="medium",
    subject="control_strategy",
    recommendation="Place every current national priority threat, and only those, at the "
    "national priority level.",
)
def strategy_priority_unclear(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A control strategy in which the current national priority threats are not all at level
    ``priority`` (or not in it at all), or with an entry at ``priority`` that is not one.

    The current priorities are those the latest held meeting on or before
    the date adopted (``adopt_priority_threats``); before any adoption, every
    entry at ``priority`` is unclear.
    """
    priorities = current_priority_threats(as_of=as_of)
    for strategy in control_strategies_current(as_of=as_of):
        entries = _entries(strategy)
        not_at_priority = [
            {"threat": threat, "level": entries[threat].level if threat in entries else None}
            for threat in sorted(priorities)
            if threat not in entries or entries[threat].level != StrategyLevel.PRIORITY
        ]
        not_priorities = sorted(
            threat
            for threat, entry in entries.items()
            if entry.level == StrategyLevel.PRIORITY and threat not in priorities
        )
        if not not_at_priority and not not_priorities:
            continue
        problems = []
        if not_at_priority:
            placed = ", ".join(
                f"{one['threat']} ({one['level'] or 'absent'})" for one in not_at_priority
            )
            problems.append(f"national priority threats not at the priority level: {placed}")
        if not_priorities:
            problems.append(
                f"entries at the priority level that are not national priorities: "
                f"{', '.join(not_priorities)}"
            )
        yield flag(
            "CST003",
            subject_id=strategy.id,
            message=f"{_named(strategy)} does not match the current national priorities; "
            + "; ".join(problems),
            evidence={
                "strategy": strategy.id,
                "priority_threats": sorted(priorities),
                "not_at_priority": not_at_priority,
                "not_priorities": not_priorities,
            },
        )


@check(
    code="CST004",
    name="strategy-response-implicit",
    severity="medium",
    subject="control_strategy",
    recommendation="Write down the intelligence, prevention and enforcement response expected "
    "to each national priority threat.",
)
def strategy_response_implicit(
    *, as_of: date, thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A control strategy with an entry at level ``priority`` lacking its intelligence,
    prevention or enforcement response text; evidence lists the entries and what each lacks.

    Text of nothing but spaces is no response.
    """
    for strategy in control_strategies_current(as_of=as_of):
        implicit = []
        for threat, entry in sorted(_entries(strategy).items()):
            if entry.level != StrategyLevel.PRIORITY:
                continue
            lacking = [
                response
                for response in RESPONSES
                if not getattr(entry, f"response_{response}").strip()
            ]
            if lacking:
                implicit.append({"threat": threat, "lacking": lacking})
        if not implicit:
            continue
        listed = ", ".join(
            f"{one['threat']} (no {' or '.join(one['lacking'])} response)" for one in implicit
        )
        noun = "entry" if len(implicit) == 1 else "entries"
        yield flag(
            "CST004",
            subject_id=strategy.id,
            message=f"{_named(strategy)} leaves the expected response implicit for "
            f"{len(implicit)} priority {noun}: {listed}",
            evidence={"strategy": strategy.id, "entries": implicit},
        )
