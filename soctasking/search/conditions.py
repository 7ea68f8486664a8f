"""What a submission row must satisfy to be a search result, as SQL on the row itself.

Both backends join these conditions to the full-text matches and test each
match against them, so the work grows with the number of matches, never with
the number of submissions stored (as a subquery of every visible id would).

The access rule is not restated here: the classifications a user may see
come from ``accounts.clearance.classifications_up_to`` and the compartments
they hold from ``accounts.gate.user_compartments``, the same answers the gate
gives everywhere else; this module only spells them as SQL.
``visibility_condition`` is the one place that does, and a test holds it to
``accounts.gate.filter_visible`` for every persona and kind of grant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection

from soctasking.accounts.clearance import classifications_up_to
from soctasking.accounts.gate import is_active_user, user_compartments
from soctasking.accounts.models import User
from soctasking.intelligence.models import Submission

# The alias both backends give the submission row a match belongs to.
ROW = "s"


@dataclass(frozen=True)
class Condition:
    """A boolean SQL expression on the row ``ROW``, with its parameters in order."""

    sql: str
    params: tuple[Any, ...] = ()


def _all(conditions: Sequence[Condition]) -> Condition:
    return Condition(
        sql=" AND ".join(f"({c.sql})" for c in conditions),
        params=tuple(p for c in conditions for p in c.params),
    )


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("%s" for _ in values)


def _link(field: str) -> tuple[str, str, str]:
    """The quoted table and columns of a submission's many-to-many ``field``:
    (table, column naming the submission, column naming the other record)."""
    relation = Submission._meta.get_field(field)
    through = relation.remote_field.through  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    return (
        quote(through._meta.db_table),
        quote(relation.m2m_column_name()),  # type: ignore[union-attr]
        quote(relation.m2m_reverse_name()),  # type: ignore[union-attr]
    )


def visibility_condition(*, user: User, now: datetime | None = None) -> Condition | None:
    """The submissions ``user`` may see, as a condition on the row; None when nothing.

    Seeing needs the classification among those the user's clearance reaches
    and no compartment on the submission that the user does not hold at
    ``now`` (default: the clock), a permanent holding or a grant in force.
    Each part is tested on the row and its own compartment links, through
    the primary key and the link table's index, so it costs the same for one
    match whatever the size of the table.
    """
    if not is_active_user(user):
        return None
    quote = connection.ops.quote_name
    row_id = f"{ROW}.{quote('id')}"
    allowed = classifications_up_to(user.clearance)
    held = sorted(user_compartments(user, now=now))
    table, submission, compartment = _link("compartments")
    # A compartment the user lacks, on this submission: one is enough to hide it.
    lacking = f"SELECT 1 FROM {table} m WHERE m.{submission} = {row_id}"  # noqa: S608 - names from the model; values are parameters
    if held:
        lacking += f" AND m.{compartment} NOT IN ({_placeholders(held)})"
    return Condition(
        sql=(
            f"{ROW}.{quote('classification')} IN ({_placeholders(allowed)}) "
            f"AND NOT EXISTS ({lacking})"
        ),
        params=(*allowed, *held),
    )


def filters_condition(
    *,
    body: str | None = None,
    threat: str | None = None,
    kind: str | None = None,
    classification: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    grading_source: str | None = None,
    grading_intelligence: str | None = None,
) -> list[Condition]:
    """The search filters given, each as a condition on the row (an empty value is no filter)."""
    quote = connection.ops.quote_name
    conditions = [
        Condition(f"{ROW}.{quote(column)} = %s", (value,))
        for column, value in (
            ("body_id", body),
            ("kind", kind),
            ("classification", classification),
            ("grading_source", grading_source),
            ("grading_intelligence", grading_intelligence),
        )
        if value
    ]
    if threat:
        table, submission, other = _link("threats")
        conditions.append(
            Condition(
                f"EXISTS (SELECT 1 FROM {table} t WHERE t.{submission} = {ROW}.{quote('id')} "  # noqa: S608 - as above
                f"AND t.{other} = %s)",
                (threat,),
            )
        )
    # A period filter keeps submissions whose period overlaps the one asked for;
    # one without a period (NULL) fails the comparison and is left out.
    if period_start is not None:
        conditions.append(
            Condition(
                f"{ROW}.{quote('period_end')} >= %s",
                (connection.ops.adapt_datefield_value(period_start),),
            )
        )
    if period_end is not None:
        conditions.append(
            Condition(
                f"{ROW}.{quote('period_start')} <= %s",
                (connection.ops.adapt_datefield_value(period_end),),
            )
        )
    return conditions


def search_condition(
    *,
    user: User,
    now: datetime | None = None,
    body: str | None = None,
    threat: str | None = None,
    kind: str | None = None,
    classification: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    grading_source: str | None = None,
    grading_intelligence: str | None = None,
) -> Condition | None:
    """Visibility and the filters together: what a match must satisfy; None when nothing can."""
    visible = visibility_condition(user=user, now=now)
    if visible is None:
        return None
    return _all(
        [
            visible,
            *filters_condition(
                body=body,
                threat=threat,
                kind=kind,
                classification=classification,
                period_start=period_start,
                period_end=period_end,
                grading_source=grading_source,
                grading_intelligence=grading_intelligence,
            ),
        ]
    )
