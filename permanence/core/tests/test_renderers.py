"""The form renderer writes selects in Python: the very HTML Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from permanence.core.renderers import FormRenderer, render_select

DJANGO = DjangoTemplates()
OURS = FormRenderer()

CHOICES = [
    ("", "—"),
    ("a", "Apple & <pear>"),
    (3, 3),
    ("lazy", gettext_lazy("Tous")),
    ("safe", mark_safe("<b>bold</b>")),
    ('q"uote', 'l\'apostrophe "quoted"'),
    ("Fruits", [("f1", "Fig"), ("f2", "Grape")]),
]


def both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=DJANGO),
        widget.render(name, value, attrs=attrs, renderer=OURS),
    )


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.Select(choices=CHOICES), "a", None),
        (forms.Select(choices=CHOICES), 3, {"id": "id_x", "required": True, "disabled": False}),
        (forms.Select(choices=CHOICES, attrs={"hx-get": "/x?a=1&b=2"}), "f2", None),
        (forms.Select(choices=CHOICES), None, {"aria-describedby": 'h"int'}),
        (forms.SelectMultiple(choices=CHOICES), ["a", "f1", "lazy"], {"id": "id_m"}),
        (forms.NullBooleanSelect(), True, None),
        (forms.Select(choices=[]), "", None),
    ],
)
def test_select_html_is_the_one_of_djangos_templates(widget, value, attrs):
    theirs, ours = both(widget, "field", value, attrs)
    assert ours == theirs


text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    choices=st.lists(st.tuples(text, text), max_size=6),
    value=text,
    attrs=st.dictionaries(
        st.sampled_from(["id", "class", "title", "data-x", "required", "disabled"]),
        st.one_of(st.booleans(), text),
        max_size=4,
    ),
)
def test_any_select_is_written_as_by_django(choices, value, attrs):
    theirs, ours = both(forms.Select(choices=choices), "n", value, attrs)
    assert ours == theirs


def test_a_select_with_its_own_option_template_falls_back_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    context = Custom(choices=[("a", "A")]).get_context("n", "a", None)
    assert render_select(context["widget"]) is None
    theirs, ours = both(Custom(choices=[("a", "A")]), "n", "a")
    assert ours == theirs and 'type="' in ours


def test_the_project_uses_this_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "permanence.core.renderers.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
