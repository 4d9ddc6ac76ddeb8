"""Départements as typed by a helpline operator, and their names in a French sentence.

``parse_departement`` accepts a code ("93", "2a", "971"), a postcode or an INSEE commune code
("75011", "75111": Paris arrondissements fold into 75) or a name ("Seine-Saint-Denis",
"seine saint denis", "la Réunion"). ``with_article`` gives "la Seine-Saint-Denis",
"le Val-de-Marne", "l’Essonne", "les Yvelines", "Paris".
"""

import re
import unicodedata
from functools import lru_cache

from permanence.core.lib import france

_FIVE_CHARS = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_ARTICLE = re.compile(r"^(?:la|le|les|l)\s+")


def _key(text: str) -> str:
    """'Côte-d'Or' → 'cote d or': no accents, no case, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_BY_NAME = {_key(dep.name): code for code, dep in france.DEPARTEMENTS.items()}
_BY_NAME.update({"reunion": "974", "corse du sud": "2A", "belfort": "90"})


@lru_cache(maxsize=4096)
def parse_departement(text: str) -> str:
    """The canonical code of a département typed as a code, postcode or name; "" when blank.

    Raises ``ValueError`` when nothing matches.
    """
    cleaned = (text or "").strip().upper()
    if not cleaned:
        return ""
    if _FIVE_CHARS.match(cleaned):
        try:
            return france.departement_from_insee(cleaned)
        except ValueError:
            return france.departement_from_postcode(cleaned)
    try:
        return france.normalise_departement(cleaned)
    except ValueError:
        pass
    key = _ARTICLE.sub("", _key(cleaned))
    if key in _BY_NAME:
        return _BY_NAME[key]
    if key.startswith("paris"):  # "Paris 11e", "Paris 18"
        return "75"
    raise ValueError(f"Unknown département {text!r}.")


def departement_name(code: str) -> str:
    """'93' → 'Seine-Saint-Denis' (typographic apostrophes); unknown codes are returned as is."""
    dep = france.DEPARTEMENTS.get(code)
    return dep.name.replace("'", "’") if dep else code


# First words of the names that are plural ("les Hauts-de-Seine") or masculine although they end
# in "e" ("le Finistère"); other names ending in "e" are feminine, the rest masculine.
_PLURAL = {"alpes", "ardennes", "bouches", "cotes", "deux", "hautes", "hauts", "landes"}
_PLURAL |= {"pyrenees", "vosges", "yvelines"}
_MASCULINE_IN_E = {"finistere", "rhone", "maine", "vaucluse", "territoire"}
_NO_ARTICLE = {"paris", "mayotte"}


def with_article(name: str) -> str:
    """The name with its article: 'la Seine-Saint-Denis', 'l’Essonne', 'les Yvelines', 'Paris'."""
    first = _key(name).split(" ")[0] if name else ""
    if not first or first in _NO_ARTICLE or name.startswith(("La ", "Le ", "Les ", "L’")):
        return name  # no article, or one that is part of the name ("La Réunion")
    if first in _PLURAL:
        return f"les {name}"
    if first[0] in "aeiouy" or first == "herault":
        return f"l’{name}"
    if first.endswith("e") and first not in _MASCULINE_IN_E:
        return f"la {name}"
    return f"le {name}"


def with_de(name: str) -> str:
    """'de Paris', 'de la Seine-Saint-Denis', 'du Val-de-Marne', 'des Yvelines', 'de l’Essonne'."""
    phrase = with_article(name)
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase
