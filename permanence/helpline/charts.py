"""Horizontal bar charts drawn on the server as accessible SVG (no script, no web font).

Each chart has a ``<title>`` and a ``<desc>`` listing its values; pages and the PDF also show the
data table beside it, so that nothing is said by the drawing alone.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from permanence.helpline import frformat as fr

WIDTH = 440
LABEL_WIDTH = 200
VALUE_WIDTH = 56
BAR_HEIGHT = 14
GAP = 6
COLOUR = "#1d4e89"


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, float]]) -> SafeString:
    """Bars of ``rows`` (label, share of 1), the longest bar for the largest share."""
    if not rows:
        return mark_safe("")  # noqa: S308 (a constant)
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max(share for _label, share in rows) or 1
    description = " ; ".join(f"{label} : {fr.percent(share, 2)}" for label, share in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" '
        f'font-size="10">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, share) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT * 0.75
        bar = round(room * share / top, 1)
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" fill="#1b1b1f">'
            f"{escape(_shorten(label))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" '
            f'fill="{COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + bar + 4}" y="{middle}" fill="#1b1b1f">'
            f"{escape(fr.percent(share, 1))}</text>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _shorten(label: str, length: int = 34) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"
