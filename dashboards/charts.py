"""Charts drawn on the server as small inline SVG, each with the same figures as a table.

No JavaScript and no library: a chart is a few hundred bytes of SVG that scales to the screen
(``viewBox``, width 100%), with text large enough to read on a phone. Every chart comes with its
table (``Chart.table``), which the template shows under a "see as a table" toggle, so screen
readers and people who prefer numbers get exactly what the picture shows.

Two shapes cover the dashboards:

* ``line_chart``: values over time (months), one line per series, e.g. money raised per month;
* ``bar_chart``: one horizontal bar per row, optionally against a target (support of a type
  against its target, money per kabupaten/kota); horizontal so labels stay readable on a phone.

Values are ``Decimal`` or ``int``; positions are computed in floats only for drawing (never money).
"""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from lokadaya.numbers import format_number

#: Colours of the series, in order (the site's green first); 4.5:1 against white for the text.
PALETTE = ("#136f46", "#b4451f", "#1d5fa8", "#7a4aa0", "#8a6d00", "#0f7a80")
#: The line chart's drawing box: about a phone's width, so its text is drawn near its CSS size there.
WIDTH = 420
LINE_HEIGHT = 240


@dataclass
class Series:
    """One line of a line chart: a label and one value per category (same order, same length)."""

    label: Any
    values: list


@dataclass
class Bar:
    """One row of a bar chart: its label, value, optional target and link to the records behind it."""

    label: Any
    value: Any
    target: Any = None
    url: str = ""
    detail: str = ""  # shown after the value, e.g. "42%"


@dataclass
class Table:
    """A chart's figures as a table: column headers and rows of display strings."""

    headers: list
    rows: list = field(default_factory=list)


@dataclass
class Chart:
    """The picture (safe markup: an SVG, or a list of bars) and its table; ``title`` labels both."""

    title: Any
    svg: str
    table: Table
    empty: bool = False


def format_html(template, *args):
    """Django's ``format_html``, but numbers keep their format spec (``{:.1f}``): they need no escaping."""
    return mark_safe(template.format(*[a if isinstance(a, (int, float)) else conditional_escape(a) for a in args]))


def _number(value):
    return float(value or 0)


def _nice_ceiling(value):
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``value`` (an axis' top)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def line_chart(title, categories, series, value_format: Callable = format_number, axis_format=None):
    """Values over ``categories`` (e.g. month labels), one polyline per ``Series``.

    ``value_format`` formats the table's cells, ``axis_format`` (default ``value_format``) the
    axis labels: give a compact one for money (``format_money_compact``).
    """
    axis_format = axis_format or value_format
    headers = ["", *[s.label for s in series]]
    table = Table(headers=headers, rows=[[category, *[value_format(s.values[i]) for s in series]]
                                         for i, category in enumerate(categories)])
    values = [_number(v) for s in series for v in s.values]
    if not categories or not any(values):
        return Chart(title=title, svg="", table=table, empty=True)
    top = _nice_ceiling(max(values))
    left, right, upper, lower = 70, 10, 12, 34
    plot_w, plot_h = WIDTH - left - right, LINE_HEIGHT - upper - lower
    step = plot_w / max(len(categories) - 1, 1)

    def x(i):
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    def y(value):
        return upper + plot_h - _number(value) / top * plot_h

    parts = []
    for fraction in (0, 0.5, 1):
        level = top * fraction
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" class="chart-grid"/>'
            '<text x="{}" y="{:.1f}" class="chart-axis" text-anchor="end">{}</text>',
            left, WIDTH - right, y(level), y(level), left - 8, y(level) + 5,
            axis_format(Decimal(str(level)).quantize(Decimal("1")))))
    # At most about six labels under the axis, the last always shown.
    every = max(1, -(-len(categories) // 6))
    last = len(categories) - 1
    for i, category in enumerate(categories):
        # Counted back from the last label, so the labels are evenly spaced and none overlaps it.
        if (last - i) % every == 0:
            anchor = "end" if i == last and last else "start" if i == 0 and last else "middle"
            parts.append(format_html('<text x="{:.1f}" y="{}" class="chart-axis" text-anchor="{}">{}</text>',
                                     x(i), LINE_HEIGHT - 12, anchor, category))
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                                 'stroke-linejoin="round"/>', points, colour))
        for i, v in enumerate(s.values):
            parts.append(format_html('<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}"><title>{}: {}</title>'
                                     '</circle>', x(i), y(v), colour, categories[i], value_format(v)))
    legend = ""
    if len(series) > 1:
        legend = mark_safe("".join(format_html(
            '<span class="chart-key"><svg class="chart-swatch" viewBox="0 0 10 10" aria-hidden="true">'
            '<circle cx="5" cy="5" r="5" fill="{}"/></svg>{}</span>',
            PALETTE[n % len(PALETTE)], s.label) for n, s in enumerate(series)))
    svg = format_html(
        '<svg viewBox="0 0 {} {}" class="chart chart-line" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>{}',
        WIDTH, LINE_HEIGHT, title, mark_safe("".join(parts)),
        format_html('<p class="chart-legend">{}</p>', legend) if legend else "")
    return Chart(title=title, svg=svg, table=table)


def bar_chart(title, bars, value_format: Callable = format_number, headers=None):
    """One horizontal bar per ``Bar``; with targets, the bar is drawn against its target.

    Drawn as a list: each row's label and value are text (readable at any width, the label a link
    to the records behind it when ``url`` is given) above a bar.

    The bars share one scale (the largest value or target), except when every bar has a target:
    then each bar shows its own share of its target (support of different kinds against their
    targets cannot share a scale). ``headers`` names the table's columns (label, value, target).
    """
    with_targets = bool(bars) and all(bar.target for bar in bars)
    headers = headers or ["", "", ""]
    table = Table(headers=headers if any(bar.target for bar in bars) else headers[:2])
    for bar in bars:
        row = [bar.label, value_format(bar.value) + (f" ({bar.detail})" if bar.detail else "")]
        if len(table.headers) > 2:
            row.append(value_format(bar.target) if bar.target else "")
        table.rows.append(row)
    if not bars or not any(_number(bar.value) for bar in bars):
        return Chart(title=title, svg="", table=table, empty=True)
    scale = max(max(_number(bar.value), _number(bar.target)) for bar in bars)
    rows = []
    for bar in bars:
        full = _number(bar.target) if with_targets else scale
        share = min(_number(bar.value) / full, 1.0) if full else 0
        label = format_html('<a href="{}">{}</a>', bar.url, bar.label) if bar.url else conditional_escape(bar.label)
        # The bar is a tiny SVG stretched to the row (percent units): the site's CSP allows no style="".
        track = format_html('<rect x="0" y="0" width="100" height="4" rx="2" class="chart-track"/>'
                            '<rect x="0" y="0" width="{:.2f}" height="4" rx="2" fill="{}"/>',
                            max(share * 100, 1.5) if share > 0 else 0, PALETTE[0])
        if bar.target and not with_targets:
            at = _number(bar.target) / scale * 100
            track = track + format_html('<rect x="{:.2f}" y="0" width="0.6" height="4" class="chart-target"/>',
                                        min(at, 99.4))
        rows.append(format_html(
            '<li><span class="chart-row"><span class="chart-label">{}</span>'
            '<span class="chart-value">{}</span></span>'
            '<svg class="chart-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">{}</svg></li>',
            label, value_format(bar.value) + (f" · {bar.detail}" if bar.detail else ""), track))
    svg = format_html('<ul class="chart chart-bars" aria-label="{}">{}</ul>', title, mark_safe("".join(rows)))
    return Chart(title=title, svg=svg, table=table)


def months(start, count):
    """``count`` first days of months from ``start``'s month on (``datetime.date``), for a line chart's axis."""
    year, month = start.year, start.month
    result = []
    for _i in range(count):
        result.append(start.replace(year=year, month=month, day=1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def last_months(count, today=None):
    """The first days of the last ``count`` months, the current one last (``datetime.date``)."""
    import datetime

    from django.utils import timezone

    today = today or timezone.localdate()
    year, month = today.year, today.month - (count - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return months(datetime.date(year, month, 1), count)


__all__ = ["Bar", "Chart", "Series", "Table", "bar_chart", "last_months", "line_chart", "months"]
