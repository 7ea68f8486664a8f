"""Reads for the national performance report: a quarter's figures beside the quarter before.

Who may see them: operations, their disruptions and outcomes, local
priorities and timetable rows carry no classification or compartment (only
submissions do), and the report gives only counts and sums of them, by
level, threat, body kind and month, naming no operation, disruption or note.
Its figures are therefore the same for every reader allowed the report, and
no figure can reveal a classified record. Should operations or disruptions
ever be classified, these reads must take the reader and narrow each count
through the access gate before summing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import Role, User
from soctasking.assurance.metrics import (
    adoption,
    disruptions_between,
    priority_activity_share,
    timetable,
)
from soctasking.assurance.selectors import picture_as_of
from soctasking.operations.models import DisruptionLevel
from soctasking.operations.selectors import OUTCOMES
from soctasking.performance.models import PerformanceReport
from soctasking.performance.quarters import Quarter

#: The national roles the report is for; contributors of forces and ROCUs see their own pages.
REPORT_READERS = frozenset(
    {Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.INSPECTOR, Role.ADMINISTRATOR}
)

OUTCOME_LABELS = {
    "arrests": "Arrests",
    "charges": "Charges",
    "convictions": "Convictions",
    "drugs_kg": "Drugs seized (kg)",
    "firearms": "Firearms seized",
    "cash_gbp": "Cash seized (£)",
    "assets_denied_gbp": "Assets denied (£)",
}
TIMETABLE_STATUSES = ("on_time", "late", "missing", "due")

#: Told each section's name and the share of the work done once it is ready (0 to 1).
Progress = Callable[[str, float], None]


def may_read_reports(*, user: User) -> bool:
    return has_role(user=user, roles=REPORT_READERS)


def quarter_as_of(quarter: Quarter) -> date:
    """The date a quarter's figures describe: its last day, or the picture's date if sooner.

    A quarter still under way is reported as it stands on the picture's date.
    """
    return min(quarter.end, picture_as_of())


def quarter_begun(quarter: Quarter) -> Quarter:
    """``quarter``, if begun by the picture's date; ``ValueError`` if not: it has no figures."""
    today = picture_as_of()
    if quarter.start > today:
        raise ValueError(f"{quarter.name} has not begun on {today.isoformat()}; it has no figures")
    return quarter


def _pair(current: Any, previous: Any) -> dict[str, Any]:
    return {"current": current, "previous": previous}


def _disruption_figures(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    def level_counts(figures: dict[str, Any]) -> dict[str, int]:
        return {row["level"]: row["count"] for row in figures["by_level"]}

    levels_now, levels_before = level_counts(current), level_counts(previous)
    threats_now = {row["threat"]: row for row in current["by_threat"]}
    threats_before = {row["threat"]: row for row in previous["by_threat"]}
    names = {t: row["name"] for t, row in (threats_before | threats_now).items()}
    # Most disrupted this quarter first; threats only disrupted before come after.
    threat_order = sorted(
        names,
        key=lambda t: (
            -threats_now.get(t, {"count": 0})["count"],
            -threats_before.get(t, {"count": 0})["count"],
            t,
        ),
    )
    return {
        "total": _pair(current["total"], previous["total"]),
        "by_level": [
            {"level": level.value, "label": level.label}
            | _pair(levels_now[level.value], levels_before[level.value])
            for level in DisruptionLevel
        ],
        "by_threat": [
            {"threat": threat, "name": names[threat]}
            | _pair(
                threats_now[threat]["count"] if threat in threats_now else 0,
                threats_before[threat]["count"] if threat in threats_before else 0,
            )
            for threat in threat_order
        ],
        "outcomes": [
            {"outcome": name, "label": OUTCOME_LABELS[name]}
            | _pair(current["outcomes"][name], previous["outcomes"][name])
            for name in OUTCOMES
        ],
    }


def _share_figures(share: dict[str, Any], quarter: Quarter) -> dict[str, Any]:
    """The share at each quarter's end, and month by month over the two quarters."""
    wanted = {
        f"{q.year}-{month:02d}"
        for q in (quarter.previous(), quarter)
        for month in range(q.start.month, q.end.month + 1)
    }
    monthly = [point for point in share["monthly"] if point["month"] in wanted]
    previous_month = quarter.previous().end.strftime("%Y-%m")
    before = next(
        (point for point in monthly if point["month"] == previous_month),
        {"open_operations": 0, "on_priority": 0, "share": None},
    )
    keys = ("open_operations", "on_priority", "share")
    return {
        "current": {key: share[key] for key in keys},
        "previous": {key: before[key] for key in keys},
        "monthly": monthly,
    }


def _adoption_figures(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    before = {row["threat"]: row for row in previous["by_threat"]}
    return {
        "police_forces": _pair(current["police_forces"], previous["police_forces"]),
        "rocus": _pair(current["rocus"], previous["rocus"]),
        # The current priorities, each with its adoption a quarter earlier
        # (None where it was not then a priority, so had nothing to adopt).
        "by_threat": [
            {
                "threat": row["threat"],
                "name": row["name"],
                "police_forces": _pair(
                    row["police_forces"],
                    before[row["threat"]]["police_forces"] if row["threat"] in before else None,
                ),
                "rocus": _pair(
                    row["rocus"],
                    before[row["threat"]]["rocus"] if row["threat"] in before else None,
                ),
            }
            for row in current["by_threat"]
        ],
    }


def _timetable_figures(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    def share_on_time(rows: dict[str, int]) -> float | None:
        # Rows still due have not yet had the chance to be on time or not.
        settled = rows["on_time"] + rows["late"] + rows["missing"]
        return round(rows["on_time"] / settled, 4) if settled else None

    kinds_now = {row["kind"]: row for row in current["by_body_kind"]}
    kinds_before = {row["kind"]: row for row in previous["by_body_kind"]}
    empty = dict.fromkeys(TIMETABLE_STATUSES, 0)
    return {
        "requirement": _pair(current["requirement"], previous["requirement"]),
        "rows": _pair(current["rows"], previous["rows"]),
        "share_on_time": _pair(share_on_time(current["rows"]), share_on_time(previous["rows"])),
        "by_body_kind": [
            {
                "kind": kind,
                "current": {s: kinds_now.get(kind, empty)[s] for s in TIMETABLE_STATUSES},
                "previous": {s: kinds_before.get(kind, empty)[s] for s in TIMETABLE_STATUSES},
            }
            for kind in sorted(kinds_now.keys() | kinds_before.keys())
        ],
    }


def quarterly_figures(*, quarter: Quarter, progress: Progress | None = None) -> dict[str, Any]:
    """Everything the report shows for ``quarter``, each figure beside the previous quarter's.

    Disruptions and outcomes are those dated within each quarter; the
    priority activity share, adoption and timetable compliance are as they
    stood on each quarter's last day (see ``quarter_as_of``), the share also
    month by month. JSON-ready.
    """

    def told(section: str, done: float) -> None:
        if progress is not None:
            progress(section, done)

    previous = quarter.previous()
    as_of, previous_as_of = quarter_as_of(quarter), quarter_as_of(previous)
    figures: dict[str, Any] = {
        "quarter": quarter.name,
        "start": quarter.start.isoformat(),
        "as_of": as_of.isoformat(),
        "previous_quarter": previous.name,
        "previous_start": previous.start.isoformat(),
        "previous_as_of": previous_as_of.isoformat(),
    }
    figures["disruptions"] = _disruption_figures(
        disruptions_between(as_of=as_of, since=quarter.start),
        disruptions_between(as_of=previous_as_of, since=previous.start),
    )
    told("Disruptions and outcomes", 0.3)
    figures["priority_activity_share"] = _share_figures(
        priority_activity_share(as_of=as_of), quarter
    )
    told("Priority activity share", 0.6)
    figures["adoption"] = _adoption_figures(adoption(as_of=as_of), adoption(as_of=previous_as_of))
    told("Local priority adoption", 0.8)
    figures["timetable"] = _timetable_figures(
        timetable(as_of=as_of), timetable(as_of=previous_as_of)
    )
    told("Timetable compliance", 1.0)
    return figures


def reports_requested_by(*, user: User) -> list[PerformanceReport]:
    """The reports ``user`` asked for, newest first: each is theirs alone to follow and download."""
    return list(PerformanceReport.objects.filter(requested_by=user).order_by("-requested_at")[:20])


def report_of(*, user: User, report_id: str) -> PerformanceReport | None:
    """One of ``user``'s own reports, or ``None`` (another's, or none such, alike)."""
    try:
        return PerformanceReport.objects.get(id=report_id, requested_by=user)
    except (PerformanceReport.DoesNotExist, ValidationError):
        # ValidationError: not a report id at all, which is answered like an unknown one.
        return None
