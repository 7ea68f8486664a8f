"""The report as a document: its charts, its HTML and its PDF, from one set of figures.

The page and the PDF share the figures' template, so the two cannot
disagree; WeasyPrint lays the PDF out from HTML with the charts inline as SVG.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from soctasking.performance.charts import Series, bar_chart


def _percent(value: float | int | None) -> str:
    return "none" if value is None else f"{float(value) * 100:.1f}%"


def charts(figures: dict[str, Any]) -> dict[str, SafeString]:
    """The report's charts, keyed by the section each illustrates."""
    now, before = figures["quarter"], figures["previous_quarter"]
    disruptions = figures["disruptions"]
    share = figures["priority_activity_share"]
    adoption = figures["adoption"]["by_threat"]
    return {
        "by_level": bar_chart(
            chart_id="chart-by-level",
            title=f"Disruptions by level, {now} and {before}",
            categories=[row["label"] for row in disruptions["by_level"]],
            series=[
                Series(now, [row["current"] for row in disruptions["by_level"]]),
                Series(before, [row["previous"] for row in disruptions["by_level"]]),
            ],
        ),
        "by_threat": bar_chart(
            chart_id="chart-by-threat",
            title=f"Disruptions by threat, {now} and {before}",
            categories=[row["name"] for row in disruptions["by_threat"]],
            series=[
                Series(now, [row["current"] for row in disruptions["by_threat"]]),
                Series(before, [row["previous"] for row in disruptions["by_threat"]]),
            ],
        ),
        "share": bar_chart(
            chart_id="chart-share",
            title="Share of open operations against a priority threat, month by month",
            categories=[point["month"] for point in share["monthly"]],
            series=[Series("Share", [point["share"] for point in share["monthly"]])],
            value_text=_percent,
        ),
        "adoption": bar_chart(
            chart_id="chart-adoption",
            title=f"Police forces adopting each priority threat, {now} and {before}",
            categories=[row["name"] for row in adoption],
            series=[
                Series(now, [row["police_forces"]["current"] for row in adoption]),
                Series(before, [row["police_forces"]["previous"] for row in adoption]),
            ],
        ),
    }


TIMETABLE_LABELS = (
    ("on_time", "On time"),
    ("late", "Late"),
    ("missing", "Missing"),
    ("due", "Still due"),
)


def figures_context(figures: dict[str, Any]) -> dict[str, Any]:
    """What ``performance/_figures.html`` needs, on the page and in the PDF alike."""
    return {"figures": figures, "charts": charts(figures), "timetable_statuses": TIMETABLE_LABELS}


def report_html(figures: dict[str, Any]) -> str:
    """The whole report as a standalone HTML document, laid out for print."""
    return render_to_string("performance/pdf.html", figures_context(figures))


def report_pdf(figures: dict[str, Any]) -> bytes:
    """The report as a PDF."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(figures)).write_pdf()
    return pdf
