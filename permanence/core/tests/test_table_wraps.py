"""A table that scrolls sideways on a phone can be reached and scrolled with the keyboard.

axe-core's "scrollable-region-focusable" (serious) was reported on a phone on the helpline
report, the call list, the statistics, the outbox and the audit journal: their ``.table-wrap``
scrolls, and nothing in it could take the focus. Where a page has several tables, each region
is named by its table's heading (axe's "landmark-unique").
"""

import re
from pathlib import Path

import permanence

WRAP = re.compile(r"<div\b[^>]*\bclass=\"table-wrap\"[^>]*>")


def test_every_scrolling_table_wrapper_takes_the_focus_and_is_named():
    wrappers = {}
    for path in Path(permanence.__file__).parent.rglob("*.html"):
        for tag in WRAP.findall(path.read_text()):
            wrappers.setdefault(path.name, []).append(tag)
    assert len(wrappers) >= 10
    for name, tags in wrappers.items():
        for tag in tags:
            assert 'tabindex="0"' in tag and 'role="region"' in tag, (name, tag)
            assert "aria-label=" in tag or "aria-labelledby=" in tag, (name, tag)
