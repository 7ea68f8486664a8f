"""Turning findings and metrics into text for the console and values for the page."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.management.base import CommandError

from soctasking.assurance.registry import SEVERITIES, Finding


def as_of_parse(raw: str | None, *, option: str = "--as-of") -> date | None:
    """A date given on the command line, or ``None``; bad input exits 2 naming the option."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"{option}: expected a date as YYYY-MM-DD, got {raw!r}", returncode=2
        ) from None


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings of each severity, high first, every severity present."""
    counted = Counter(finding.severity for finding in findings)
    return {severity: counted[severity] for severity in SEVERITIES}


def evidence_value_text(value: Any) -> str:
    """One evidence value as a line of text: lists joined, records as ``key: value`` pairs."""
    if value is None:
        return "none"
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {evidence_value_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(evidence_value_text(item) for item in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def evidence_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def findings_text(findings: Sequence[Finding], *, as_of: date) -> str:
    """A readable table of findings with a summary line."""
    if not findings:
        return f"No findings as of {as_of.isoformat()}."
    counts = severity_counts(findings)
    summary = ", ".join(f"{count} {severity}" for severity, count in counts.items())
    rows = [("CODE", "SEVERITY", "SUBJECT", "MESSAGE")]
    rows += [
        (
            finding.code,
            finding.severity,
            f"{finding.subject_type} {finding.subject_id}",
            finding.message,
        )
        for finding in findings
    ]
    return f"{len(findings)} findings as of {as_of.isoformat()} ({summary})\n\n" + _table(rows)


def metrics_text(metrics: Mapping[str, Mapping[str, Any]]) -> str:
    """Each metric as a heading, its scalar values, and any list of records as a table."""
    blocks: list[str] = []
    for name, values in metrics.items():
        lines = [name]
        for key, value in values.items():
            if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
                columns = list(value[0])
                rows = [[column.upper() for column in columns]]
                rows += [[evidence_value_text(record.get(c)) for c in columns] for record in value]
                lines.append(f"  {key}:")
                lines += ["    " + line for line in _table(rows).splitlines()]
            else:
                lines.append(f"  {key}: {evidence_value_text(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
