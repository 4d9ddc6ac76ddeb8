"""The printable A4 poster of a desk, in two languages, with its next dates and a QR code."""

import base64

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation

from permanence.directory import schedule
from permanence.directory.models import Desk

POSTER_SESSIONS = 8


def qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def poster_html(*, desk: Desk, languages: list[str], url: str, language_names: dict) -> str:
    sched = desk.schedule()
    sessions = schedule.next_sessions(sched, after=timezone.now(), count=POSTER_SESSIONS)
    blocks = []
    for language in dict.fromkeys(languages):
        with translation.override(language):
            blocks.append(
                render_to_string(
                    "directory/poster_block.html",
                    {
                        "desk": desk,
                        "language": language,
                        "bidi": translation.get_language_bidi(),
                        "name": desk.text("name", language)[0],
                        "summary": desk.text("summary", language)[0],
                        "how_to_come": desk.text("how_to_come", language)[0],
                        "schedule_text": schedule.describe(sched, language),
                        "sessions": sessions,
                        "channels": list(desk.channels.all()),
                        "place": desk.place,
                    },
                )
            )
    return render_to_string(
        "directory/poster.html",
        {"blocks": blocks, "qr": qr_data_uri(url), "url": url, "desk": desk},
    )


def render_poster(*, desk: Desk, languages: list[str], url: str, language_names: dict) -> bytes:
    from weasyprint import HTML

    html = poster_html(desk=desk, languages=languages, url=url, language_names=language_names)
    return HTML(string=html, base_url=None).write_pdf()
