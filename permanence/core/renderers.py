"""The form renderer: Django's, with the common widgets written out in Python.

Django renders a widget through templates: a select through one per option (and one more for
each option's attributes), a list of checkboxes or radio buttons through three per choice, an
input through three, a label through two. The filter bars (case list, board, booking), the
language selects and the topic checkboxes hold dozens of choices: their templates were a
quarter of the case list's rendering time (``make bench``, cases stage). The widget's context
(names, ids, values, attributes, choices) is still Django's ``get_context()``; only its writing
out is done here, with the same escaping and the very markup of Django's templates (tested
against them). A widget whose options use another template falls back to the templates, and so
does any template not named here (a project override would have to be named here too).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
# The templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden"),
        *("number", "password", "search", "tel", "text", "time", "url"),
    )
)
LABEL_TEMPLATE = "django/forms/label.html"  # label_tag() and legend_tag()
# Checkboxes and radio buttons: multiple_input.html, each choice through input_option.html.
MULTIPLE_TEMPLATES = frozenset({WIDGETS + "checkbox_select.html", WIDGETS + "radio.html"})
CHOICE_TEMPLATES = frozenset({WIDGETS + "checkbox_option.html", WIDGETS + "radio_option.html"})


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: True writes the bare name, False nothing."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
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
            value = conditional_escape(str(option["value"]))
            label = conditional_escape(localize(option["label"]))
            parts.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def _quoted(value) -> str:
    return f'"{conditional_escape(value)}"'


def _input(widget: dict) -> str:
    """As django/forms/widgets/input.html (with its final newline)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f"<input type={_quoted(widget['type'])} name={_quoted(widget['name'])}{shown}"
        f"{_attrs(widget['attrs'])}>\n"
    )


def render_input(widget: dict) -> SafeString:
    return mark_safe(_input(widget).strip())  # noqa: S308 (every value is escaped)


def render_label(context) -> SafeString:
    """As django/forms/label.html: a field's <label> (or <legend>), or its bare text."""
    label = conditional_escape(localize(context["label"]))
    if context["use_tag"]:
        tag = conditional_escape(context["tag"])
        label = f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"
    return mark_safe(label.strip())  # noqa: S308 (every value is escaped)


def render_multiple(widget: dict) -> SafeString | None:
    """Checkboxes or radio buttons as django/forms/widgets/multiple_input.html, or None when a
    choice has its own template."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f" id={_quoted(attrs['id'])}")
    if attrs.get("class"):
        parts.append(f" class={_quoted(attrs['class'])}")
    parts.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
        for option in group_choices:
            if option["template_name"] not in CHOICE_TEMPLATES:
                return None
            parts.append("<div>\n    ")
            if option["wrap_label"]:
                label_for = option["attrs"].get("id")
                parts.append(f"<label for={_quoted(label_for)}>" if label_for else "<label>")
            parts.append(_input(option))
            if option["wrap_label"]:
                parts.append(f" {conditional_escape(localize(option['label']))}</label>")
            parts.append("\n\n</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer, but for the widgets named above."""

    def render(self, template_name, context, request=None):
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        widget = context.get("widget")
        html = None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                html = render_input(widget)
            elif template_name == SELECT_TEMPLATE:
                html = render_select(widget)
            elif template_name in MULTIPLE_TEMPLATES:
                html = render_multiple(widget)
        if html is not None:
            return html
        return super().render(template_name, context, request=request)
