"""The form renderer: Django's, with <select> widgets written out in Python.

Django renders a select through a template per option (and one more for each option's
attributes). The filter bars (case list, board, booking) and the language selects hold dozens of
options: their templates were a quarter of the case list's rendering time (``make bench``, cases
stage). The widget's context (names, ids, selected values, attributes) is still Django's
``get_context()``; only its writing out is done here, with the same escaping and the same markup
as ``django/forms/widgets/select.html``. A select whose options use another template falls back
to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: True writes the bare name, False nothing."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> SafeString | None:
    """A select widget's HTML from its context, or None when an option has its own template."""
    parts = [f"<select name={_quoted(widget['name'])}{_attrs(widget['attrs'])}>"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <optgroup label={_quoted(group_name)}>")
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(localize(option['label']))}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def _quoted(value) -> str:
    return f'"{conditional_escape(value)}"'


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer, selects excepted (see above)."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and "widget" in context:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
