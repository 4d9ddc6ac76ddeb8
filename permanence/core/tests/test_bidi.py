"""Names isolated with <bdi> (core/templatetags/bidi.py), and the pages that list them."""

import pytest
from django.template import Context, Template

from permanence.cases import search
from permanence.cases.models import Person


def render(source: str, **context) -> str:
    return Template("{% load bidi %}" + source).render(Context(context))


def test_each_spelling_is_isolated_and_escaped():
    spellings = ["Muhammad Ali", "محمد علي", "<b>Ali</b>"]
    assert render('{{ s|bidi_join:" · " }}', s=spellings) == (
        "<bdi>Muhammad Ali</bdi> · <bdi>محمد علي</bdi> · <bdi>&lt;b&gt;Ali&lt;/b&gt;</bdi>"
    )
    assert render("{{ s|bidi_join }}", s=None) == ""
    # A separator written in the template is the template's HTML; one from data is escaped.
    assert render("{{ s|bidi_join:sep }}", s=["a", "b"], sep="<br>") == (
        "<bdi>a</bdi>&lt;br&gt;<bdi>b</bdi>"
    )


def test_a_name_is_isolated_and_escaped_inside_a_translated_sentence():
    html = render(
        "{% load i18n %}{% blocktranslate with name=n|bidi %}"
        "Fiche de {{ name }}{% endblocktranslate %}",
        n="محمد <i>",
    )
    assert html == "Fiche de <bdi>محمد &lt;i&gt;</bdi>"


@pytest.mark.django_db
def test_search_results_and_person_page_isolate_names_in_another_script(
    client_for, volunteer_a, group_a
):
    person = Person.objects.create(
        organisation=group_a,
        name="محمد الحداد",
        spellings=["Mohamed Haddad", "محمد حداد"],
    )
    search.index_person(person)
    client = client_for(volunteer_a)
    found = client.get("/people/", {"q": "mohamed haddad"}).content.decode()
    assert "<bdi>Mohamed Haddad</bdi> · <bdi>محمد حداد</bdi> · " in found
    recent = client.get("/people/").content.decode()
    assert "<bdi>محمد الحداد</bdi></a>" in recent
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "<dd><bdi>Mohamed Haddad</bdi> · <bdi>محمد حداد</bdi></dd>" in page
    edit = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert "<bdi>محمد الحداد</bdi>" in edit
