"""Reads of the national control strategy: its versions, the quality-assurance findings on a
draft, the history of changes to its entries, the comparison of two versions, and the
meetings that may approve it.

Control strategies carry no classification, so these reads need no access gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from soctasking.assurance.registry import Finding
from soctasking.assurance.selectors import findings_run
from soctasking.governance.models import (
    ControlStrategy,
    ControlStrategyEntry,
    ControlStrategyEntryChange,
    StrategyStatus,
)
from soctasking.meetings.models import Meeting, MeetingStatus, SeriesKind
from soctasking.threats.models import Threat

#: The checks on control strategies that the quality-assurance panel runs and approval awaits.
STRATEGY_CHECKS = ("CST001", "CST002", "CST003", "CST004")
RESPONSES = (
    ("response_intelligence", "Intelligence"),
    ("response_prevention", "Prevention"),
    ("response_enforcement", "Enforcement"),
)


def strategy_findings(*, strategy: ControlStrategy, as_of: date) -> list[Finding]:
    """What CST001-CST004 find in ``strategy`` on the picture of ``as_of``, run now.

    Run afresh rather than read from the findings kept between changes, so a
    draft's panel is right the moment an edit is saved.
    """
    return findings_run(as_of=as_of, codes=STRATEGY_CHECKS, subject_id=strategy.id)


def control_strategy_versions(*, status: str | None = None) -> QuerySet[ControlStrategy]:
    """Every control strategy, newest version first, with its assessment and approving meeting."""
    strategies = ControlStrategy.objects.select_related(
        "based_on", "approved_by__series", "derived_from"
    ).order_by("-version", "-id")
    if status:
        strategies = strategies.filter(status=status)
    return strategies


def control_strategy_in_force() -> ControlStrategy | None:
    """The approved control strategy of the highest version; ``None`` when none is approved."""
    return control_strategy_versions(status=StrategyStatus.APPROVED).first()


def strategy_entry_get(*, strategy: ControlStrategy, threat_id: str) -> ControlStrategyEntry | None:
    return strategy.entries.select_related("threat").filter(threat_id=threat_id).first()


def strategy_entry_changes(
    *, strategy: ControlStrategy, threat_id: str | None = None
) -> QuerySet[ControlStrategyEntryChange]:
    """The changes made to the strategy's entries (or one threat's), newest first."""
    changes = strategy.changes.select_related("threat", "changed_by").order_by("-changed_at", "-id")
    if threat_id is not None:
        changes = changes.filter(threat_id=threat_id)
    return changes


def threats_not_in_strategy(*, strategy: ControlStrategy) -> QuerySet[Threat]:
    """The catalogued threats the strategy has no entry for, by name: what may be added."""
    return Threat.objects.exclude(pk__in=strategy.entries.values("threat_id")).order_by(
        "name", "id"
    )


def nttcg_meetings_held() -> QuerySet[Meeting]:
    """The held meetings of national tactical tasking and coordination group series, newest
    first: the sittings that may approve a control strategy."""
    return (
        Meeting.objects.filter(status=MeetingStatus.HELD, series__kind=SeriesKind.NTTCG)
        .select_related("series")
        .order_by("-date", "-id")
    )


@dataclass(frozen=True)
class ResponseChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryComparison:
    """One threat in either version: added, removed, or with its level or responses changed."""

    threat: Threat
    before: ControlStrategyEntry | None
    after: ControlStrategyEntry | None
    responses: list[ResponseChange] = field(default_factory=list)

    @property
    def level_changed(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and self.before.level != self.after.level
        )


@dataclass(frozen=True)
class StrategyComparison:
    earlier: ControlStrategy
    later: ControlStrategy
    added: list[EntryComparison]
    removed: list[EntryComparison]
    changed: list[EntryComparison]
    unchanged: int

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _entries(strategy: ControlStrategy) -> dict[str, ControlStrategyEntry]:
    return {
        entry.threat_id: entry
        for entry in ControlStrategyEntry.objects.filter(strategy=strategy).select_related("threat")
    }


def _by_name(comparison: EntryComparison) -> tuple[str, str]:
    return (comparison.threat.name, comparison.threat.id)


def strategies_compare(*, earlier: ControlStrategy, later: ControlStrategy) -> StrategyComparison:
    """What changed from ``earlier`` to ``later``: entries added and removed, and for entries in
    both, a level changed or a response rewritten; each list by threat name."""
    before, after = _entries(earlier), _entries(later)
    added = [
        EntryComparison(threat=after[t].threat, before=None, after=after[t])
        for t in after.keys() - before.keys()
    ]
    removed = [
        EntryComparison(threat=before[t].threat, before=before[t], after=None)
        for t in before.keys() - after.keys()
    ]
    changed, unchanged = [], 0
    for threat_id in before.keys() & after.keys():
        old, new = before[threat_id], after[threat_id]
        responses = [
            ResponseChange(label=label, before=getattr(old, name), after=getattr(new, name))
            for name, label in RESPONSES
            if getattr(old, name) != getattr(new, name)
        ]
        if old.level != new.level or responses:
            changed.append(
                EntryComparison(threat=new.threat, before=old, after=new, responses=responses)
            )
        else:
            unchanged += 1
    return StrategyComparison(
        earlier=earlier,
        later=later,
        added=sorted(added, key=_by_name),
        removed=sorted(removed, key=_by_name),
        changed=sorted(changed, key=_by_name),
        unchanged=unchanged,
    )
