"""Names in any script inside text in any direction: each one isolated with ``<bdi>``.

A name in Arabic script followed by a birth date, or spellings in several scripts joined with
" · ", were reordered by the Unicode bidirectional algorithm on a left-to-right page: the date
went to the left of the name and the separators piled up ("Muhammad Ali · · محمد علي"). Inside
``<bdi>`` each name keeps its own direction and the text around it keeps the page's.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def bidi(value) -> SafeString:
    """``value`` escaped and isolated: ``{{ person.name|bidi }}``."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def bidi_join(values, separator: str = " · ") -> SafeString:
    """Each item isolated, joined with ``separator``: ``{{ person.spellings|bidi_join:" · " }}``."""
    separator = conditional_escape(separator)
    return mark_safe(separator.join(bidi(value) for value in values or []))  # noqa: S308
