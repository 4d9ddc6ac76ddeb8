"""Bars of counts for two periods, drawn on the server as accessible SVG.

Built like ``permanence.helpline.charts`` (``<title>``, ``<desc>`` listing every value, the data
table beside it), but with counts and a second bar for the previous period. A suppressed count
is drawn as no bar with the text "< 5" (or "*"); the scale only uses the counts that are shown.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from permanence.helpline.charts import COLOUR, LABEL_WIDTH, WIDTH, _shorten
from permanence.stats.services import MASKED, SUPPRESSED, StatTable

PREVIOUS_COLOUR = "#9bb5d6"
BAR = 10
GAP = 8
VALUE_WIDTH = 40


def comparison_chart(table: StatTable, *, current_label: str, previous_label: str) -> SafeString:
    rows = [row for row in table.rows if row.current or row.previous]
    if not rows:
        return mark_safe("")  # noqa: S308 (a constant)
    chart_id = f"chart-{table.key}"
    shown = [
        value
        for row in rows
        for value, text in ((row.current, row.current_shown), (row.previous, row.previous_shown))
        if text not in (SUPPRESSED, MASKED)
    ]
    top = max(shown, default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend = 18
    height = legend + len(rows) * (2 * BAR + GAP) + GAP
    description = " ; ".join(
        f"{row.label} : {row.current_shown} ({current_label}), "
        f"{row.previous_shown} ({previous_label})"
        for row in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="10">',
        f'<title id="{chart_id}-title">{escape(table.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="{LABEL_WIDTH}" y="2" width="10" height="10" fill="{COLOUR}"/>',
        f'<text x="{LABEL_WIDTH + 14}" y="11" fill="#1b1b1f">{escape(current_label)}</text>',
        f'<rect x="{LABEL_WIDTH + 110}" y="2" width="10" height="10" fill="{PREVIOUS_COLOUR}"/>',
        f'<text x="{LABEL_WIDTH + 124}" y="11" fill="#1b1b1f">{escape(previous_label)}</text>',
    ]
    for index, row in enumerate(rows):
        y = legend + GAP + index * (2 * BAR + GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR + 3}" text-anchor="end" fill="#1b1b1f">'
            f"{escape(_shorten(row.label))}</text>"
        )
        for offset, value, text, colour in (
            (0, row.current, row.current_shown, COLOUR),
            (BAR, row.previous, row.previous_shown, PREVIOUS_COLOUR),
        ):
            bar = 0 if text in (SUPPRESSED, MASKED) else round(room * value / top, 1)
            if bar:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + offset}" width="{bar}" height="{BAR - 1}" '
                    f'fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + bar + 4}" y="{y + offset + BAR - 2}" fill="#1b1b1f">'
                f"{escape(text)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
