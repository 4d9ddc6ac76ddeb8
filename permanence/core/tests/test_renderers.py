"""The form renderer writes widgets in Python: the very HTML Django's templates write."""

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
        (forms.TextInput(), 'a "quoted" <value> & more', {"id": "id_t", "maxlength": 40}),
        (forms.TextInput(attrs={"placeholder": mark_safe("&amp;")}), None, {"required": True}),
        (forms.NumberInput(), 3, {"min": 0}),
        (forms.EmailInput(), "", None),
        (forms.HiddenInput(), gettext_lazy("Tous"), None),
        (forms.DateInput(), "2026-12-07", {"dir": "ltr"}),
        (forms.DateTimeInput(attrs={"type": "datetime-local"}), "2026-12-07T10:00", None),
        (forms.PasswordInput(), "secret", None),
        (forms.CheckboxInput(), True, {"id": "id_c"}),
        (forms.CheckboxInput(), False, {"id": "id_c", "class": "x"}),
        (forms.FileInput(), None, {"accept": "image/*,application/pdf"}),
        (forms.CheckboxSelectMultiple(choices=CHOICES), ["a", "f2"], {"id": "id_topics"}),
        (forms.CheckboxSelectMultiple(choices=CHOICES), [], {"class": "grid", "required": True}),
        (forms.RadioSelect(choices=CHOICES), "lazy", {"id": "id_r", "class": "inline"}),
        (forms.RadioSelect(choices=CHOICES), None, None),
    ],
)
def test_widget_html_is_the_one_of_djangos_templates(widget, value, attrs):
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
    for widget in (
        forms.Select(choices=choices),
        forms.RadioSelect(choices=choices),
        forms.CheckboxSelectMultiple(choices=choices),
        forms.TextInput(),
        forms.CheckboxInput(),
    ):
        theirs, ours = both(widget, "n", value, attrs)
        assert ours == theirs, widget


class LabelForm(forms.Form):
    plain = forms.CharField(label="Nom & <prénom>")
    lazy = forms.CharField(label=gettext_lazy("Tous"), label_suffix=" :")
    safe = forms.CharField(label=mark_safe("<abbr>AME</abbr>"))
    choice = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect)


@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_labels_and_legends_are_the_ones_of_djangos_templates(auto_id):
    pages = []
    for renderer in (DJANGO, OURS):
        form = LabelForm(auto_id=auto_id, renderer=renderer)
        parts = []
        for field in form:
            parts += [
                field.label_tag(),
                field.label_tag(attrs={"class": "x", "hidden": True}, label_suffix=""),
                field.legend_tag(),
                field.label_tag("Autre <texte>", tag="span"),
                field.as_field_group(),
            ]
        pages.append(parts)
    assert pages[0] == pages[1]


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


def test_no_template_written_in_python_is_overridden_by_the_project():
    """An override in permanence/templates/django/forms/… would be bypassed: none may exist."""
    from django.forms.renderers import get_default_renderer

    from permanence.core import renderers

    names = {
        renderers.SELECT_TEMPLATE,
        renderers.OPTION_TEMPLATE,
        *renderers.INPUT_TEMPLATES,
        *renderers.MULTIPLE_TEMPLATES,
        *renderers.CHOICE_TEMPLATES,
        "django/forms/widgets/input.html",
        "django/forms/widgets/input_option.html",
        "django/forms/widgets/multiple_input.html",
        "django/forms/widgets/attrs.html",
    }
    for name in names:
        origin = get_default_renderer().get_template(name).origin.name
        assert "/django/forms/templates/" in origin, (name, origin)
