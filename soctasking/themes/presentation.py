"""Turning theme counts into what the page draws: heatmap shades and trend bars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Shades of the heatmap, lightest first (GOV.UK's blue tints); the count is always written too.
SHADES = ("#ffffff", "#d2e2f1", "#a5c5e3", "#4c8bc7", "#1d70b8")
CHART_HEIGHT = 80
BAR_WIDTH = 18


def _shade(count: int, highest: int) -> str:
    if count <= 0 or highest <= 0:
        return SHADES[0]
    return SHADES[min(len(SHADES) - 1, 1 + (count * (len(SHADES) - 2)) // highest)]


def heat_rows(
    summaries: Sequence[Any], threats: Sequence[str], cells: dict[str, dict[str, int]]
) -> list[dict[str, Any]]:
    """One row per theme: each threat's count and its shade."""
    highest = max((count for row in cells.values() for count in row.values()), default=0)
    return [
        {
            "summary": summary,
            "cells": [
                {
                    "threat": threat,
                    "count": cells.get(summary.key, {}).get(threat, 0),
                    "fill": _shade(cells.get(summary.key, {}).get(threat, 0), highest),
                }
                for threat in threats
            ],
        }
        for summary in summaries
    ]


@dataclass(frozen=True)
class Bar:
    month: str
    count: int
    x: int
    y: int
    height: int


def trend_bars(months: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """The monthly mentions as bars of an SVG chart, scaled to the busiest month."""
    highest = max((count for _, count in months), default=0)
    bars = []
    for index, (month, count) in enumerate(months):
        height = round(CHART_HEIGHT * count / highest) if highest else 0
        bars.append(
            Bar(
                month=month,
                count=count,
                x=index * (BAR_WIDTH + 4),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return {
        "bars": bars,
        "width": max(1, len(bars) * (BAR_WIDTH + 4)),
        "height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "highest": highest,
    }
