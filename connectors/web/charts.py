"""Server-rendered SVG charts for ``/office``: geometry computed here, drawn by templates/office/.

No charting library and no script: every bar is an SVG ``rect`` whose size comes from the data, so the
page works with the strict CSP, prints, and needs nothing from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

#: Colours of the outcomes (colour-blind-safe palette), also used by the legend.
OUTCOME_COLOURS: dict[str, str] = {
    "answered": "#1a7f37",
    "resolved": "#0969da",
    "escalated": "#8250df",
    "clarified": "#bf8700",
    "no_match": "#cf222e",
    "other": "#8c959f",
}


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: ``share`` of the longest, in percent of the drawing width."""

    key: str
    label: str
    value: int
    share: float
    colour: str = "#0969da"


def bars(items: Iterable[tuple[str, str, int]], colours: dict[str, str] | None = None) -> list[Bar]:
    """Horizontal bars from ``(key, label, value)``, scaled to the largest value."""
    items = list(items)
    top = max((value for _k, _l, value in items), default=0) or 1
    return [
        Bar(key, label, value, round(100 * value / top, 2), (colours or {}).get(key, "#0969da"))
        for key, label, value in items
    ]


@dataclass(frozen=True)
class Segment:
    """One outcome's part of a week's column."""

    key: str
    y: float
    height: float
    value: int
    colour: str


@dataclass(frozen=True)
class Column:
    """One week: its stacked segments, its x position and its label."""

    x: float
    monday: date
    total: int
    segments: tuple[Segment, ...]
    label: str  # "" for weeks whose label would crowd the axis


@dataclass(frozen=True)
class ColumnChart:
    """A stacked column chart in a ``width`` × ``height`` viewBox (plot area above the axis labels)."""

    width: float
    height: float
    plot_height: float
    column_width: float
    top: int
    columns: tuple[Column, ...]


def weekly_columns(
    weeks: Sequence[tuple[date, dict[str, int]]],
    *,
    height: float = 180,
    column_width: float = 14,
    gap: float = 4,
) -> ColumnChart:
    """Stacked columns per week, outcomes in :data:`OUTCOME_COLOURS` order; about 12 labels at most."""
    plot = height - 20
    top = max((sum(counts.values()) for _m, counts in weeks), default=0) or 1
    every = max(1, round(len(weeks) / 12))
    columns = []
    for i, (monday, counts) in enumerate(weeks):
        y, segments = plot, []
        for key, colour in OUTCOME_COLOURS.items():
            value = counts.get(key, 0)
            if not value:
                continue
            h = plot * value / top
            y -= h
            segments.append(Segment(key, round(y, 2), round(h, 2), value, colour))
        label = f"{monday.month}/{monday.day}" if i % every == 0 else ""
        columns.append(Column(i * (column_width + gap), monday, sum(counts.values()), tuple(segments), label))
    width = max(len(weeks) * (column_width + gap), column_width)
    return ColumnChart(width, height, plot, column_width, top, tuple(columns))


@dataclass(frozen=True)
class Cell:
    """One zone on the grid, shaded by its count."""

    x: float
    y: float
    zone: str
    value: int
    opacity: float


def zone_grid(
    zones: Sequence[str], counts: dict[str, int], *, per_row: int = 6, size: float = 110
) -> list[Cell]:
    """The district's zones on a grid (file order), each shaded from 0.08 (none) to 1 (the busiest)."""
    top = max(counts.values(), default=0) or 1
    return [
        Cell(
            (i % per_row) * size,
            (i // per_row) * (size * 0.6),
            zone,
            counts.get(zone, 0),
            round(0.08 + 0.92 * counts.get(zone, 0) / top, 3),
        )
        for i, zone in enumerate(zones)
    ]
