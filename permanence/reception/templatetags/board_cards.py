"""``{% board_card arrival.card_key %}…{% endboard_card %}``: a board card rendered once per key.

See ``permanence/reception/cards.py``. The body is rendered with a placeholder for the CSRF
token, kept, and every use puts the reader's own token in its place.
"""

from django import template
from django.utils.safestring import mark_safe

from permanence.reception import cards

register = template.Library()


class BoardCardNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        html = cards.store.get(key) if key else None
        if html is None:
            with context.push(csrf_token=cards.CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            if key:
                cards.store.put(key, html)
        if cards.CSRF_PLACEHOLDER in html:
            html = html.replace(cards.CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)  # noqa: S308 -- the template's own output, escaped when rendered


@register.tag
def board_card(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% board_card key %} takes one argument")
    nodelist = parser.parse(("endboard_card",))
    parser.delete_first_token()
    return BoardCardNode(nodelist, parser.compile_filter(bits[1]))
