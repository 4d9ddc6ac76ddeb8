"""The language switcher of public pages: the same page in every language, as Django's
translate_url() gives it, with the path resolved once."""

import pytest
from django.conf import settings
from django.urls import translate_url

from permanence.core.context_processors import _translations


@pytest.mark.parametrize(
    "url",
    [
        "/fr/",
        "/ar/desks/permanence-a/",
        "/fr/desks/permanence-a/book/?reason=3&from=2026-12-08",
        "/en/desks/permanence-a/book/cancel/abc/",
        "/fr/desks/une%20desk/",
        "/fr/no-such-page/",
        "/fr/organisations/",
        "/ti/deadlines/rules/",
    ],
)
def test_links_are_those_of_translate_url(url):
    expected = [(code, name, translate_url(url, code)) for code, name in settings.LANGUAGES]
    assert _translations(url) == expected


def test_a_public_page_lists_itself_in_every_language(client, db):
    html = client.get("/fr/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'href="/{code}/"' in html, code
