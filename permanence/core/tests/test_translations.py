"""Every catalogue translates every string, and its compiled .mo matches its .po.

French is the source language (its msgstr stay empty). The only strings another catalogue may
leave empty are the day and month names of core/lib/datenames.py, for the languages whose
names Django ships itself.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "fr"]
DJANGO_HAS_DATE_NAMES = {"en", "ar", "es", "tr", "ru", "uk"}


def _catalogue(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags, where."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": "", "where": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#:"):
            entry["where"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            target = entry["msgstr"] if isinstance(field, int) else entry
            target[field] = target.get(field, "") + ast.literal_eval(line)
        else:
            keyword, _space, value = line.partition(" ")
            if keyword.startswith("msgstr["):
                field = int(keyword[7:-1])
                entry["msgstr"][field] = ast.literal_eval(value)
            elif keyword == "msgstr":
                field = 0
                entry["msgstr"][0] = ast.literal_eval(value)
            else:
                field = keyword
                entry[field] = ast.literal_eval(value)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def _key(entry: dict) -> str:
    return f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]


SOURCE = {_key(entry) for entry in _catalogue(LOCALE / "fr" / "LC_MESSAGES" / "django.po")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_compiled(language):
    folder = LOCALE / translation.to_locale(language) / "LC_MESSAGES"
    entries = _catalogue(folder / "django.po")
    assert {_key(entry) for entry in entries} == SOURCE, "run make messages"
    untranslated = [
        entry["msgid"]
        for entry in entries
        if ("fuzzy" in entry["flags"] or not all(entry["msgstr"].values()))
        and not (language in DJANGO_HAS_DATE_NAMES and "datenames.py" in entry["where"])
    ]
    assert untranslated == []
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    stale = [
        entry["msgid"]
        for entry in entries
        if "msgid_plural" not in entry
        and entry["msgstr"][0]
        and "fuzzy" not in entry["flags"]
        and catalogue.get(_key(entry)) != entry["msgstr"][0]
    ]
    assert stale == [], "run manage.py compilemessages"


@pytest.mark.parametrize("language", ["en", "ar", "es", "tr", "fa-af", "ps", "ti", "ru", "uk"])
def test_django_form_messages_are_never_french_outside_french(language):
    """Django has no Pashto or Tigrinya catalogue and no empty-choice label in several others:
    core/lib/django_messages.py brings them into the project's catalogues."""
    from django import forms
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    class Form(forms.Form):
        name = forms.CharField(max_length=3)
        day = forms.DateField()
        choice = forms.ChoiceField(choices=[("a", "a")])

    with translation.override(language):
        form = Form({"name": "abcdef", "day": "demain", "choice": "z"})
        assert not form.is_valid()
        shown = [str(BLANK_CHOICE_LABEL)] + [e for errors in form.errors.values() for e in errors]
    french = ["Choisir une option", "Saisissez", "Sélectionnez", "Assurez-vous", "obligatoire"]
    for message in shown:
        assert not any(word in message for word in french), (language, message)
