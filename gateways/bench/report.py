"""The benchmark's arithmetic and its final table: percentiles, rates, goals met or missed."""
from dataclasses import dataclass

MET, MISSED, UNKNOWN, SKIPPED = "MET", "MISSED", "UNKNOWN", "SKIPPED"


def percentile(samples, p):
    """The ``p``-th percentile of ``samples``, interpolated linearly between the closest ranks.

    The same definition as ``search_benchmark``'s (and numpy's default). None for no samples.
    """
    ordered = sorted(samples)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rate(count, seconds):
    """``count`` per second over ``seconds``; 0 when nothing was measured."""
    return count / seconds if count and seconds and seconds > 0 else 0.0


def span(requests, statuses=None):
    """``(count, seconds)`` of load-client results ``[item, status, started, finished]``.

    Counts the requests answered with one of ``statuses`` (every request when None), over the time
    from the first request sent to the last such answer.
    """
    if not requests:
        return 0, 0.0
    chosen = [r for r in requests if statuses is None or r[1] in statuses]
    if not chosen:
        return 0, 0.0
    first = min(r[2] for r in requests)
    last = max(r[3] for r in chosen)
    return len(chosen), last - first


def ratio(value, reference):
    """``value / reference``, or None when either is missing or the reference is zero."""
    if value is None or not reference:
        return None
    return value / reference


@dataclass
class Goal:
    """A figure's goal: ``value`` compared with ``target`` by ``op`` (">=", "<", "==")."""

    op: str
    target: float

    def check(self, value):
        """MET or MISSED for ``value``; UNKNOWN when there is no value."""
        if value is None:
            return UNKNOWN
        met = {">=": value >= self.target, ">": value > self.target, "<": value < self.target,
               "<=": value <= self.target, "==": value == self.target}[self.op]
        return MET if met else MISSED

    def __str__(self):
        target = f"{self.target:g}"
        return f"{self.op} {target}" if self.op != "==" else target


@dataclass
class Row:
    """One line of the final table. ``status`` overrides the goal's verdict (e.g. SKIPPED)."""

    name: str
    value: object
    unit: str = ""
    goal: Goal | None = None
    goal_text: str = ""
    status: str = ""
    note: str = ""

    def verdict(self):
        if self.status:
            return self.status
        if self.goal is None:
            return ""
        return self.goal.check(self.value if isinstance(self.value, (int, float)) else None)


def fmt(value, digits=1):
    """A figure for the table: integers as they are, floats with ``digits`` decimals, None as n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(rows):
    """The final table as text lines: figure, value, goal, MET/MISSED, note."""
    cells = []
    for row in rows:
        value = fmt(row.value, 2 if isinstance(row.value, float) and abs(row.value) < 10 else 1)
        goal = row.goal_text or (f"{row.goal} {row.unit}".strip() if row.goal else "")
        cells.append((row.name, f"{value} {row.unit}".strip(), goal, row.verdict(), row.note))
    headers = ("figure", "value", "goal", "result", "")
    widths = [max(len(str(c[i])) for c in [headers, *cells]) for i in range(4)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers[:4], widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for cell in cells:
        line = "  ".join(str(c).ljust(w) for c, w in zip(cell[:4], widths))
        lines.append((line + ("  " + cell[4] if cell[4] else "")).rstrip())
    return lines
