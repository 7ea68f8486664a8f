"""The geometry of the bar charts the pages draw as SVG on the server.

A chart here is only numbers and labels placed on a grid; the template draws
it, and always beside a table of the same figures, which is the chart's text
alternative. Values are shares from 0 to 1, so bars of bodies of different
kinds (43 forces, 9 ROCUs) read against one scale.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The colours of the series, in order: GOV.UK blue, then dark orange (distinct in greyscale).
SERIES_COLOURS = ("#1d70b8", "#b74d00")


@dataclass(frozen=True)
class Bar:
    label: str
    series: str
    value: float | None
    text: str
    x: int
    y: int
    width: int
    height: int
    colour: str


@dataclass(frozen=True)
class Tick:
    label: str
    x: int
    y: int


@dataclass(frozen=True)
class GroupLabel:
    label: str
    x: int
    y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    groups: list[GroupLabel]
    ticks: list[Tick]
    series: list[tuple[str, str]]
    plot_left: int
    plot_top: int
    plot_width: int
    plot_height: int


@dataclass(frozen=True)
class Series:
    """One series' values by group, each a share (0 to 1, or None for nothing to share)."""

    name: str
    values: list[float | None]
    texts: list[str]


def horizontal_bars(*, groups: list[str], series: list[Series], width: int = 640) -> Chart:
    """Horizontal bars, one row of bars a group, one bar a series, on a 0 to 100% scale."""
    label_width, bar_height, gap = 220, 16, 12
    top = 30
    plot_width = width - label_width - 60
    group_height = bar_height * len(series) + gap
    bars: list[Bar] = []
    labels: list[GroupLabel] = []
    for g, group in enumerate(groups):
        y0 = top + g * group_height
        labels.append(GroupLabel(group, label_width - 8, y0 + bar_height * len(series) // 2 + 4))
        for s, one in enumerate(series):
            value = one.values[g]
            bars.append(
                Bar(
                    label=group,
                    series=one.name,
                    value=value,
                    text=one.texts[g],
                    x=label_width,
                    y=y0 + s * bar_height,
                    width=round(plot_width * (value or 0)),
                    height=bar_height - 2,
                    colour=SERIES_COLOURS[s % len(SERIES_COLOURS)],
                )
            )
    plot_height = group_height * len(groups)
    ticks = [
        Tick(f"{percent}%", label_width + plot_width * percent // 100, top + plot_height + 14)
        for percent in range(0, 101, 25)
    ]
    return Chart(
        width=width,
        height=top + plot_height + 24,
        bars=bars,
        groups=labels,
        ticks=ticks,
        series=[
            (one.name, SERIES_COLOURS[s % len(SERIES_COLOURS)]) for s, one in enumerate(series)
        ],
        plot_left=label_width,
        plot_top=top,
        plot_width=plot_width,
        plot_height=plot_height,
    )


def columns(*, groups: list[str], values: list[float | None], texts: list[str]) -> Chart:
    """Vertical columns, one a group (a month, say), on a 0 to 100% scale."""
    left, top, plot_height, column = 50, 20, 200, 36
    plot_width = column * max(len(groups), 1)
    bars = [
        Bar(
            label=group,
            series="",
            value=value,
            text=text,
            x=left + i * column + 4,
            y=top + plot_height - round(plot_height * (value or 0)),
            width=column - 8,
            height=round(plot_height * (value or 0)),
            colour=SERIES_COLOURS[0],
        )
        for i, (group, value, text) in enumerate(zip(groups, values, texts, strict=True))
    ]
    labels = [
        GroupLabel(group, left + i * column + column // 2, top + plot_height + 16)
        for i, group in enumerate(groups)
    ]
    ticks = [
        Tick(f"{percent}%", left - 6, top + plot_height - plot_height * percent // 100 + 4)
        for percent in range(0, 101, 25)
    ]
    return Chart(
        width=left + plot_width + 10,
        height=top + plot_height + 30,
        bars=bars,
        groups=labels,
        ticks=ticks,
        series=[],
        plot_left=left,
        plot_top=top,
        plot_width=plot_width,
        plot_height=plot_height,
    )
