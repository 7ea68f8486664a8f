"""How fast the metrics and the quarterly national performance report are on a large picture.

Generates, in a fresh SQLite installation (a temporary ``SOCTASKING_HOME``)
and deterministic from a fixed seed, the 43 forces and 9 ROCUs with local
priorities, 12 threats with two sub-threats each, priorities adopted and
changed at meetings, operations opened over two years (a third of them
since closed) each against one to three threats, their activity log,
disruptions with outcomes against one or two threats each, and a
requirement's timetable rows.

Then times the four metrics (``metrics_compute``), the quarterly figures
(``quarterly_figures``) and the full PDF (figures and layout), and the
same aggregates written as raw SQL: the disruptions metric and the
quarter's disruptions (count, by level, by threat, summed outcomes) and
the priority activity share at each of its thirteen points. It prints
each time and the ratio of the project's time to raw SQL's.

    .venv/bin/python benchmarks/performance_report.py [--scale S]

``--scale 0.01`` runs a hundredth of the picture. Goals (issue), at scale
1 (100,000 operations, 1,000,000 activity records, 200,000 disruptions):
the metrics under 2 s; the full PDF under 30 s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

SEED = 2018
OPERATIONS = 100_000
ACTIVITY = 1_000_000
DISRUPTIONS = 200_000
QUARTER = "2026-Q3"
AS_OF = date(2026, 9, 30)
START = date(2024, 10, 1)
FORCES = [f"force-{n:02d}" for n in range(43)]
ROCUS = [f"rocu-{n}" for n in range(9)]
THREATS = [f"threat-{n:02d}" for n in range(12)]
SUB_THREATS = {threat: [f"{threat}-sub-{n}" for n in range(2)] for threat in THREATS}
BATCH = 20_000
LEVELS = ("major", "moderate", "minor", "minor")
KINDS = ("arrest", "charge", "search", "seizure", "intelligence", "disruption", "other")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def in_batches(model: Any, rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def store_reference(rng: random.Random) -> None:
    """Bodies, threats, priorities adopted at meetings, local priorities and the timetable."""
    from soctasking.bodies.models import Body
    from soctasking.intelligence.models import Requirement, TimetableRow
    from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry
    from soctasking.meetings.models import Decision, Meeting, MeetingSeries
    from soctasking.threats.models import Threat

    Body.objects.bulk_create(
        [Body(id="nac", name="National Assessment Centre", kind="national_unit")]
        + [Body(id=b, name=f"Force {b}", kind="police_force") for b in FORCES]
        + [Body(id=b, name=f"ROCU {b}", kind="rocu") for b in ROCUS]
    )
    Threat.objects.bulk_create([Threat(id=t, name=f"Threat {t}") for t in THREATS])
    Threat.objects.bulk_create(
        [
            Threat(id=s, name=f"Sub-threat {s}", kind="sub_threat", parent_id=t)
            for t, subs in SUB_THREATS.items()
            for s in subs
        ]
    )
    series = MeetingSeries.objects.create(id="nstcg", name="NSTCG", kind="nstcg")
    for number, (held, threats) in enumerate(
        [(date(2024, 9, 15), THREATS[:6]), (date(2026, 2, 10), THREATS[1:7])]
    ):
        meeting = Meeting.objects.create(
            id=f"nstcg-{number}", series=series, date=held, status="held"
        )
        decision = Decision.objects.create(
            id=f"decision-{number}", meeting=meeting, kind="adopt_priority_threats"
        )
        decision.threats.set(Threat.objects.filter(id__in=threats))
    entries = []
    for body in FORCES + ROCUS:
        local = LocalPriority.objects.create(
            id=f"lp-{body}", body_id=body, period_start=START, period_end=date(2027, 3, 31)
        )
        for position, threat in enumerate(rng.sample(THREATS, rng.randint(3, 6))):
            chosen = rng.choice([threat, *SUB_THREATS[threat]])
            entries.append(
                LocalPriorityEntry(local_priority=local, position=position, threat_id=chosen)
            )
    LocalPriorityEntry.objects.bulk_create(entries)
    requirement = Requirement.objects.create(
        id="nir-2026",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        issued=date(2026, 3, 15),
    )
    TimetableRow.objects.bulk_create(
        TimetableRow(
            id=f"row-{body}-{month}",
            requirement=requirement,
            body_id=body,
            product="tactical_assessment",
            due=date(2026, month, 15),
            deliver_to_id="nac",
        )
        for body in FORCES + ROCUS
        for month in (5, 8, 11)
    )


def store_operations(rng: random.Random, scale: float) -> None:
    """Operations with their threats, activity and disruptions with theirs."""
    from soctasking.operations.models import Activity, Disruption, Operation

    every_threat = THREATS + [s for subs in SUB_THREATS.values() for s in subs]
    operations = []
    opened_on: dict[str, date] = {}
    for number in range(int(OPERATIONS * scale)):
        opened = day_between(rng, START, AS_OF - timedelta(days=30))
        closed = day_between(rng, opened, AS_OF) if rng.random() < 1 / 3 else None
        op_id = f"op-{number:06d}"
        opened_on[op_id] = opened
        operations.append(
            Operation(
                id=op_id,
                name=f"Operation {number}",
                body_id=rng.choice(FORCES + ROCUS),
                opened=opened,
                closed=closed,
                status="closed" if closed else "open",
            )
        )
    in_batches(Operation, operations)
    operation_threats = Operation.threats.through
    in_batches(
        operation_threats,
        [
            operation_threats(operation_id=op.id, threat_id=threat)
            for op in operations
            for threat in rng.sample(every_threat, rng.randint(1, 3))
        ],
    )
    ids = list(opened_on)
    in_batches(
        Activity,
        [
            Activity(
                operation_id=(op_id := rng.choice(ids)),
                position=number,
                date=day_between(rng, opened_on[op_id], AS_OF),
                kind=rng.choice(KINDS),
            )
            for number in range(int(ACTIVITY * scale))
        ],
    )
    disruptions = []
    for number in range(int(DISRUPTIONS * scale)):
        op_id = rng.choice(ids)
        arrests = rng.randint(0, 8)
        charges = rng.randint(0, arrests)
        disruptions.append(
            Disruption(
                id=f"disruption-{number:06d}",
                operation_id=op_id,
                date=day_between(rng, opened_on[op_id], AS_OF),
                level=rng.choice(LEVELS),
                arrests=arrests,
                charges=charges,
                convictions=rng.randint(0, charges),
                drugs_kg=round(rng.random() * 20, 2) if rng.random() < 0.3 else None,
                firearms=rng.randint(0, 3) if rng.random() < 0.1 else None,
                cash_gbp=round(rng.random() * 50_000, 2) if rng.random() < 0.2 else None,
                assets_denied_gbp=round(rng.random() * 1e6, 2) if rng.random() < 0.05 else None,
            )
        )
    in_batches(Disruption, disruptions)
    disruption_threats = Disruption.threats.through
    in_batches(
        disruption_threats,
        [
            disruption_threats(disruption_id=d.id, threat_id=threat)
            for d in disruptions
            for threat in rng.sample(every_threat, rng.choice((1, 1, 2)))
        ],
    )


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


OUTCOME_SUMS = (
    "COUNT(*), SUM(arrests), SUM(charges), SUM(convictions), SUM(drugs_kg), SUM(firearms), "
    "SUM(cash_gbp), SUM(assets_denied_gbp)"
)


def raw_disruptions(since: date | None, until: date) -> list[list[tuple[Any, ...]]]:
    """The disruptions metric's four groupings, or one quarter's, in raw SQL."""
    from django.db import connection

    where = "date <= %s" + (" AND date >= %s" if since else "")
    params = [until.isoformat()] + ([since.isoformat()] if since else [])
    statements = [
        f"SELECT {OUTCOME_SUMS} FROM operations_disruption WHERE {where}",
        f"SELECT level, {OUTCOME_SUMS} FROM operations_disruption WHERE {where} GROUP BY level",
        f"SELECT strftime('%%Y', date), (CAST(strftime('%%m', date) AS INTEGER) + 2) / 3, "
        f"{OUTCOME_SUMS} FROM operations_disruption WHERE {where} GROUP BY 1, 2",
        "SELECT t.threat_id, COUNT(*), SUM(d.arrests), SUM(d.charges), SUM(d.convictions), "
        "SUM(d.drugs_kg), SUM(d.firearms), SUM(d.cash_gbp), SUM(d.assets_denied_gbp) "
        "FROM operations_disruption_threats t JOIN operations_disruption d "
        f"ON d.id = t.disruption_id WHERE d.{where.replace(' AND date', ' AND d.date')} "
        "GROUP BY t.threat_id",
    ]
    if since:
        statements.pop(2)
    with connection.cursor() as cursor:
        results = []
        for statement in statements:
            cursor.execute(statement, params)
            results.append(cursor.fetchall())
    return results


def raw_priority_share(
    points: list[date], priorities: dict[date, list[str]]
) -> list[tuple[int, int]]:
    """Open operations, and those against a priority threat or its sub-threats, at each point."""
    from django.db import connection

    results = []
    with connection.cursor() as cursor:
        for day in points:
            counted = priorities[day] + [s for t in priorities[day] for s in SUB_THREATS.get(t, [])]
            marks = ", ".join(["%s"] * len(counted))
            is_open = (
                "o.opened <= %s AND ((o.status = 'open' AND (o.closed IS NULL OR o.closed > %s)) "
                "OR o.closed > %s)"
            )
            at = [day.isoformat()] * 3
            cursor.execute(f"SELECT COUNT(*) FROM operations_operation o WHERE {is_open}", at)
            (open_count,) = cursor.fetchone()
            cursor.execute(
                "SELECT COUNT(DISTINCT o.id) FROM operations_operation o "
                "JOIN operations_operation_threats t ON t.operation_id = o.id "
                f"WHERE {is_open} AND t.threat_id IN ({marks})",
                at + counted,
            )
            (on_priority,) = cursor.fetchone()
            results.append((open_count, on_priority))
    return results


def run(scale: float) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soctasking.settings")
    django.setup()
    from django.core.management import call_command

    from soctasking.assurance.metrics import (
        _month_ends,
        disruptions,
        disruptions_between,
        metrics_compute,
    )
    from soctasking.meetings.selectors import current_priority_threats
    from soctasking.performance.document import report_pdf
    from soctasking.performance.quarters import Quarter
    from soctasking.performance.selectors import quarterly_figures

    call_command("migrate", "--no-input", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()
    store_reference(rng)
    store_operations(rng, scale)
    print(
        f"generated and stored {int(OPERATIONS * scale):,} operations, "
        f"{int(ACTIVITY * scale):,} activity records and {int(DISRUPTIONS * scale):,} "
        f"disruptions in {time.perf_counter() - started:.1f} s"
    )
    quarter = Quarter.parse(QUARTER)

    metrics_time, _ = timed(lambda: metrics_compute(as_of=AS_OF))
    print(f"metrics (all four, as of {AS_OF}): {metrics_time:.2f} s (goal: under 2 s)")
    figures_time, figures = timed(lambda: quarterly_figures(quarter=quarter))
    print(f"quarterly figures ({QUARTER} and the quarter before): {figures_time:.2f} s")
    pdf_time, pdf = timed(lambda: report_pdf(quarterly_figures(quarter=quarter)))
    print(f"full PDF (figures and layout, {len(pdf):,} bytes): {pdf_time:.2f} s (goal: under 30 s)")

    orm_time, _ = timed(lambda: disruptions(as_of=AS_OF))
    raw_time, _ = timed(lambda: raw_disruptions(None, AS_OF))
    print(
        f"disruptions metric: {orm_time:.3f} s; raw SQL {raw_time:.3f} s; "
        f"ratio {orm_time / raw_time:.2f}"
    )
    previous = quarter.previous()
    quarter_time, _ = timed(
        lambda: (
            disruptions_between(as_of=quarter.end, since=quarter.start),
            disruptions_between(as_of=previous.end, since=previous.start),
        )
    )
    raw_quarter_time, _ = timed(
        lambda: (
            raw_disruptions(quarter.start, quarter.end),
            raw_disruptions(previous.start, previous.end),
        )
    )
    print(
        f"the two quarters' disruptions: {quarter_time:.3f} s; raw SQL {raw_quarter_time:.3f} s; "
        f"ratio {quarter_time / raw_quarter_time:.2f}"
    )
    share_time, share = timed(
        lambda: metrics_compute(as_of=AS_OF, names=["priority_activity_share"])
    )
    points = _month_ends(AS_OF, 12)
    priorities = {day: sorted(current_priority_threats(as_of=day)) for day in points}
    raw_share_time, raw_share = timed(lambda: raw_priority_share(points, priorities))
    counted = [
        (point["open_operations"], point["on_priority"])
        for point in share["priority_activity_share"]["monthly"]
    ]
    if counted != raw_share:
        raise SystemExit(f"the metric and raw SQL disagree: {counted} against {raw_share}")
    print(
        f"priority activity share (12 month ends): {share_time:.3f} s; raw SQL "
        f"{raw_share_time:.3f} s (priorities read beforehand); "
        f"ratio {share_time / raw_share_time:.2f}"
    )
    print(
        f"{QUARTER}: {figures['disruptions']['total']['current']:,} disruptions "
        f"({figures['disruptions']['total']['previous']:,} in the quarter before); "
        f"priority share {figures['priority_activity_share']['current']['share']}"
    )
    print(f"peak memory: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="the share of the full picture (default 1)"
    )
    options = parser.parse_args()
    if not 0 < options.scale <= 1:
        parser.error("--scale: expected a number above 0 and at most 1")
    with tempfile.TemporaryDirectory(prefix="performance-bench-") as home:
        os.environ["SOCTASKING_HOME"] = home
        os.environ.pop("SOCTASKING_DATABASE_URL", None)
        run(options.scale)


if __name__ == "__main__":
    main()
