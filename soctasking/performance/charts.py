"""Bar charts drawn on the server as SVG, for the report page and its PDF alike.

Each chart is an image whose accessible name is its title and whose
description says where the same figures are given as a table: the table
beside every chart is its text alternative. Bars carry their value as
text, so the chart is readable without telling colours apart; the two
series are also told apart by the legend's words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: GOV.UK blue for the quarter reported, dark grey for the one before: both 3:1 against white.
COLOURS = ("#1d70b8", "#505a5f")
LABEL_WIDTH = 190
BAR_AREA = 330
VALUE_WIDTH = 80
BAR_HEIGHT = 14
GROUP_GAP = 10
LEGEND_HEIGHT = 28


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


def _plain(value: float | int | None) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_text: Callable[[float | int | None], str] = _plain,
) -> SafeString:
    """Horizontal bars, one group a category and one bar a series in it, scaled to the largest.

    A missing value (``None``) draws no bar and reads "none".
    """
    values = [v for s in series for v in s.values if v is not None]
    largest = max([float(v) for v in values] + [0.0])
    group_height = BAR_HEIGHT * len(series) + GROUP_GAP
    height = LEGEND_HEIGHT + group_height * max(len(categories), 1) + GROUP_GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    parts: list[SafeString] = []
    for index, item in enumerate(series):
        x = LABEL_WIDTH + index * 160
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="16" font-size="12">{}</text>',
                x,
                COLOURS[index % len(COLOURS)],
                x + 18,
                item.name,
            )
        )
    for row, category in enumerate(categories):
        top = LEGEND_HEIGHT + row * group_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                top + BAR_HEIGHT * len(series) / 2 + 4,
                category,
            )
        )
        for index, item in enumerate(series):
            value = item.values[row]
            length = 0.0 if value is None or largest == 0 else float(value) / largest * BAR_AREA
            y = top + index * BAR_HEIGHT
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text x="{}" y="{}" font-size="11">{}</text>',
                    LABEL_WIDTH,
                    y + 1,
                    f"{length:.1f}",
                    BAR_HEIGHT - 2,
                    COLOURS[index % len(COLOURS)],
                    item.name,
                    value_text(value),
                    f"{LABEL_WIDTH + length + 4:.1f}",
                    y + BAR_HEIGHT - 3,
                    value_text(value),
                )
            )
    body = mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html
    return format_html(
        '<svg class="performance-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'aria-labelledby="{id}-title {id}-desc" font-family="Arial, Helvetica, sans-serif">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=format_html(
            "Bar chart; the table after it gives the same figures. {}.",
            format_html_join(
                "; ",
                "{}",
                (
                    (
                        f"{category}: "
                        + ", ".join(f"{s.name} {value_text(s.values[row])}" for s in series),
                    )
                    for row, category in enumerate(categories)
                ),
            ),
        ),
        body=body,
    )
