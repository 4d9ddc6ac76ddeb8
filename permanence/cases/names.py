"""Names, phones, years and identifiers turned into blind-index values (pure functions, no DB).

People's names are encrypted at rest, so search runs on keyed hashes (``SearchToken``) of small
normalised pieces of a person's identity. This module says which pieces; ``search.py`` hashes,
stores and queries them. The same functions run when indexing and when searching, so a name typed
in another transcription or another script meets the stored one.

Pipeline for a name:

1. ``normalise``: Unicode NFKC, casefold, then any script to Latin with ``anyascii`` (Arabic,
   Persian, Pashto, Cyrillic, Ge'ez, Turkish or Kurdish letters...), punctuation and diacritics
   removed, spaces collapsed. Arabic-script hamza and ʿayn are read as vowels first (``علي`` →
   "aly", like "Ali"). Arabic script is written without short vowels, so ``محمد`` becomes
   "mhmd": the phonetic codes below are what lets it meet "Mohamed".
   ``readings`` adds the Persian reading of ض ذ ظ ("z") to Arabic-script names.
2. ``name_tokens``: the words, minus a few particles, plus joined forms of consecutive words
   ("Abdel Rahman" also gives "abdelrahman", "N'Diaye" and "Ndiaye" both give "ndiaye") and
   forms with the particle glued in one spelling ("Ibn Ali", "Bin Ali", "بن علي" → "benali").
3. ``phonetic_codes``: well-known algorithms from ``jellyfish`` (Metaphone, NYSIIS) and a
   consonant skeleton, all computed on a *folded* spelling (``fold``: a small pre-normalisation of
   the transcription habits of French and English, see below).
4. ``ngrams``: character trigrams, for typos that no phonetic code forgives.

Why these algorithms: Metaphone (Philips 1990) drops vowels but keeps consonant classes, which
suits transcriptions where vowels vary (Mohamed/Muhammad/Mouhamed → MHMT). NYSIIS (Taft 1970)
was designed on names of a population of many origins and keeps more of the vowel positions, which
separates names that Metaphone merges. Soundex is left out: its first letter is kept verbatim and
its classes are too coarse for short names (Ali, Sy, Ba). Neither algorithm knows that the
French write "ou", "dj" and "ch" for the English "u", "j" and "sh", nor that Arabic script has no
short vowels; ``fold`` rewrites those habits first, and the consonant skeleton (first letter, then
consonants only, with d/t and b/p merged) lets an unvowelled Arabic-script name meet its Latin
forms. This is not a new phonetic algorithm: it is a dozen documented rewrite rules applied before
the standard ones.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import jellyfish
from anyascii import anyascii

from permanence.core.lib.phones import to_e164

# Words that carry little identity: removed from the tokens (but kept in the joined forms).
# Arabic article and filiation (al/el, ben/bin/ibn and "bn" from Arabic script, ould, abu/abou),
# French, Dutch and German particles. Kept short on purpose: "abd" (servant of) is not a
# particle, it distinguishes names.
PARTICLES = frozenset(
    {
        *("al", "el", "ben", "bin", "ibn", "bn", "ould", "abu", "abou"),
        *("de", "du", "la", "le", "van", "von"),
    }
)
# Spellings of one particle, unified in glued forms: "Ibn Ali", "Bin Ali" and "Benali" meet.
_PARTICLE_FORMS = {"bin": "ben", "ibn": "ben", "bn": "ben", "al": "el", "abu": "abou"}
# "Abd" (servant of) makes one name with the next word, written in one or several words:
# "Abdel Aziz", "Abd al-Aziz", "عبد العزيز" and "Abdelaziz" meet in glued forms.
_GLUED_TO_NEXT = frozenset({"abd", "abdel", "abdal", "abdul", "abdoul"})

# Identifier kinds of Person.identifiers (Person.identifiers keys).
IDENTIFIER_KINDS = ("agdref", "ofpra", "cnda", "caf", "cpam")

# Weights of what a query maps to (see ``query_values``). Name weights are totals shared among
# the query's values of that kind, so that long and short names weigh the same.
WEIGHT_TOK = 3.0
WEIGHT_PHO = 3.0
WEIGHT_GRAM = 2.0
NAME_WEIGHT_TOTAL = WEIGHT_TOK + WEIGHT_PHO + WEIGHT_GRAM
WEIGHT_TEL = 4.0
WEIGHT_ID = 5.0
WEIGHT_YEAR = 1.5

YEAR_MIN, YEAR_MAX = 1900, 2030

# Normalisation ---------------------------------------------------------------------------------

# Arabic script: alef, hamza seats and ʿayn are vowels in Latin transcriptions (احمد Ahmad,
# إبراهيم Ibrahim, علي Ali, عمر Omar, جعفر Jafar); anyascii would drop alef and give apostrophes
# or backquotes for the others.
_ARABIC_VOWEL_CARRIERS = str.maketrans(
    {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ع": "a", "ء": "", "ؤ": "u", "ئ": "i"}
)
# The Arabic article is written attached (الخطيب): detach it so that it is a particle, as in
# "El Khatib" or "Al-Khatib".
_ARABIC_ARTICLE_RE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{2})")
# Kurdish (Sorani) writes a silent ئ before a word-initial vowel (ئەحمەد Ahmed, ئازاد Azad).
_INITIAL_HAMZA_RE = re.compile(r"(?<![\u0600-\u06ff])ئ(?=[\u0600-\u06ff])")
# Letters found in Persian, Dari, Pashto, Urdu and Kurdish but not in Arabic.
_PERSIAN_LETTERS = frozenset("پچژگکیۀځڅډړږښګڼټۍېڕێۆ")
# ض ذ ظ read "d", "dh", "z" in Arabic but "z" in Persian, Dari, Pashto and Urdu (رضا Reza).
_PERSIAN_Z = str.maketrans({"ض": "ز", "ذ": "ز", "ظ": "ز"})
_APOSTROPHES_RE = re.compile(r"['`\u2018\u2019\u02bc\u02bf\u02be\u00b4]")
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Return ``text`` in lower-case ASCII letters and digits, words separated by one space.

    'Aïcha  N’Diaye' → 'aicha ndiaye'; 'محمد' → 'mhmd'; 'Мухаммед' → 'mukhammed'.
    Apostrophes join (N'Diaye, Ja'far); other punctuation separates (Ben-Ali → 'ben ali').
    Idempotent: ``normalise(normalise(x)) == normalise(x)``.
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if any(char in _PERSIAN_LETTERS for char in text):
        text = text.translate(_PERSIAN_Z)
    text = _ARABIC_ARTICLE_RE.sub("ال ", text)
    text = _INITIAL_HAMZA_RE.sub("", text).translate(_ARABIC_VOWEL_CARRIERS)
    text = anyascii(text).lower()
    text = _APOSTROPHES_RE.sub("", text)
    return " ".join(_NOT_ALNUM_RE.sub(" ", text).split())


def readings(text: str) -> list[str]:
    """The normalised forms of ``text``: usually one; two for Arabic script with ض ذ ظ.

    Those letters read "z" in Persian, Dari, Pashto and Urdu and "d"/"dh"/"z" in Arabic; a name
    without the letters proper to Persian (رضا) gets both readings ("rda" and "rza").
    """
    first = normalise(text)
    result = [first]
    if any(char in "ضذظ" for char in text or ""):
        other = normalise((text or "").translate(_PERSIAN_Z))
        if other != first:
            result.append(other)
    return result


# Tokens ----------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word for word in normalise(text).split() if word.isalpha()]


def base_tokens(text: str) -> list[str]:
    """Words of the normalised name without particles, single letters and digits."""
    words = _words(text)
    tokens = [word for word in words if word not in PARTICLES and len(word) >= 2]
    if not tokens:  # a name made of particles only: keep them
        tokens = [word for word in words if len(word) >= 2]
    return list(dict.fromkeys(tokens))


def name_tokens(text: str) -> list[str]:
    """Words of the normalised name without particles, then joined consecutive words.

    'Abd al-Rahman' → ['abd', 'rahman', 'abdal', 'alrahman', 'abdalrahman', 'abdelrahman'];
    'N'Diaye Fatou' → ['ndiaye', 'fatou', 'ndiayefatou']. Digits are not name tokens. Single
    letters (initials) are dropped but joined ('N Diaye' still gives 'ndiaye').
    """
    words = _words(text)
    tokens = base_tokens(text)
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            tokens.append("".join(words[start : start + size]))
    tokens += [glued for glued in glued_tokens(text) if glued not in words]
    return list(dict.fromkeys(tokens))


def glued_tokens(text: str) -> list[str]:
    """Words with each particle glued to the next word, in one spelling of the particle.

    'Mohamed Ibn Ali' → ['mohamed', 'benali']; 'Al-Khatib' → ['elkhatib']; "Abd" and its
    forms glue too: 'Abd al-Aziz' → ['abdelaziz'].
    """
    result: list[str] = []
    pending = ""
    words = _words(text)
    for index, word in enumerate(words):
        is_last = index == len(words) - 1
        if word in PARTICLES or (word in _GLUED_TO_NEXT and not is_last):
            pending += _PARTICLE_FORMS.get(word, word)
        elif len(word) >= 2 or pending:
            result.append(pending + word)
            pending = ""
    if pending:
        result.append(pending)
    return result


# Phonetic codes --------------------------------------------------------------------------------

_VOWELS = "aeiou"
# (pattern, replacement), applied in order. Initial rules first.
_FOLD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        # Beginning of a word.
        (r"^dzh", "j"),  # Russian дж (Dzhabrail)
        (r"^dz", "z"),  # Pashto ځ (Dzadran/Zadran)
        (r"^d[iy](?=[aeou])", "j"),  # Diallo/Jallow, Diakité/Jakite, Dieneba/Jeneba
        (r"^y", "j"),  # Youssef/Joseph, Yohannes/Johannes, Yulia/Julia
        (r"^i(?=[aeou])", "j"),  # Ioulia (French for Yulia)
        (r"^x", "h"),  # Kurdish and Turkish-style x: Xalid/Khalid
        (r"^ou(?=[aeio])", "w"),  # Oualid/Walid, Ouattara/Wattara
        (r"^w", "v"),  # Wladimir/Vladimir, Wahid/Vahid
        # "Abd al-" before a sun letter is said and often written assimilated: Abderrahmane,
        # Abdessalam, Abdennour meet Abdelrahman, Abdel Salam, Abdelnour.
        (r"^(abd[aeiou]*)l(?=[rstdzn])", r"\1"),
        # Anywhere.
        (r"tsch|tch|sch|ch", "sh"),  # French ch = English sh; Russian ч (ch) = French tch
        (r"dzh|dj|zh", "j"),  # Djamel/Jamel, Khadidja/Khadija, Russian ж (zh)
        (r"kh", "h"),  # Khaled/Haled, Russian х (kh)
        (r"gh", "g"),  # Ghebremedhin/Gebremedhin, Ghirmay/Girmay
        (r"ph", "f"),  # Mustapha/Mustafa, Joseph/Yousef
        (r"th", "t"),
        (r"dh", "d"),
        (r"ck|q", "k"),  # Tariq/Tarik, Cheick
        (r"x", "ks"),  # Alexandre/Aleksandr
        (r"c(?=[eiy])", "s"),  # Youcef/Yousef, Cissé/Sisse
        (r"c", "k"),  # Camara/Kamara, Coulibaly/Koulibaly
        (r"g(?=[eiy])", "j"),  # French soft g: Gebre and Djebre meet
        (r"(?<=[bcdfgjklmnpqrstvz])di(?=[aou])", "j"),  # Tidiane/Tijani, Ndiaye/Njie
        (r"ou(?=[aeio])", "w"),  # Marouane/Marwan
        (r"ow$", "o"),  # English final -ow: Jallow/Diallo, Barrow
        (r"ou|oo|uu", "u"),  # Youssouf/Yusuf, Noor/Nour
        (r"ee", "i"),  # Kareem/Karim, Waleed/Walid
        (r"(?<![aeiou])w(?![aeiou]|y$)", "u"),  # Arabic-script و as a vowel: ywsf → yusf
        (r"w", "v"),  # Marwan/Marvan, Jawad/Javad, Karwan/Karvan
        (r"(?<![aeiou])y(?![aeiou])", "i"),  # Arabic-script ي as a vowel: hsyn → hsin
        (r"(.)\1+", r"\1"),  # doubled letters: Mohammed/Mohamed, Abdallah/Abdalah
        (r"(?<=.)[eh]+$", ""),  # silent final e/h: Tesfaye/Tesfay, Fatimah/Fatima
    ]
]
_SKELETON_DROP_RE = re.compile(r"[aeiouyhw]")
# Fula and Mandinka feminine forms add -tou/-ta to the Arabic name (Fatoumata, Aïssatou,
# Aminata): the skeleton without that final t is also a code.
_FEMININE_SUFFIX_RE = re.compile(r"t[aeiou]+$")


def fold(word: str) -> str:
    """Rewrite the transcription habits of French and English in one normalised word.

    'mouhammed' → 'muhamed', 'djamel' → 'jamel', 'khadidja' → 'hadija', 'youssef' → 'jusef'.
    """
    for pattern, replacement in _FOLD_RULES:
        word = pattern.sub(replacement, word)
    return word


def skeleton(word: str) -> str:
    """First letter (any vowel as 'a'), then consonants only, with d/t and b/p merged.

    Works on a folded word (doubled letters already single): 'muhamed' and 'mhmd' → 'mmt',
    'jusef' → 'jsf'. Consonants that meet once vowels are gone stay two ('mamadu' → 'mmt').
    """
    if not word:
        return ""
    first = "a" if word[0] in _VOWELS else word[0]
    rest = _SKELETON_DROP_RE.sub("", word[1:])
    return (first + rest).replace("d", "t").replace("p", "b")


def phonetic_codes(token: str) -> set[str]:
    """Phonetic codes of one name token, each prefixed by its algorithm.

    'm:' Metaphone of the word and of its folded form, 'n:' NYSIIS of the folded form, 's:'
    consonant skeleton of the folded form (and without a Fula feminine -tou/-ta). The token is
    normalised first, so any script works. Codes shorter than 2 characters are left out (too
    common to find anyone).
    """
    word = "".join(normalise(token).split())
    if not word.isalpha():
        return set()
    folded = fold(word)
    codes = {
        "m:" + jellyfish.metaphone(word),
        "m:" + jellyfish.metaphone(folded),
        "n:" + jellyfish.nysiis(folded),
    }
    skel = skeleton(folded)
    codes.add("s:" + skel)
    if len(skel) >= 3 and _FEMININE_SUFFIX_RE.search(folded):
        codes.add("s:" + skel[:-1])
    return {code for code in codes if len(code) >= 4}


def ngrams(text: str, n: int = 3) -> set[str]:
    """Character n-grams of each normalised word, padded with one space on each side."""
    grams: set[str] = set()
    for word in normalise(text).split():
        padded = f" {word} "
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def jaccard(left: set[str], right: set[str]) -> float:
    """|A ∩ B| / |A ∪ B| (0 for two empty sets)."""
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def name_values(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, value) pairs of names: tokens, phonetic codes of the tokens, trigrams."""
    values: dict[tuple[str, str], None] = {}
    for text in texts:
        for reading in readings(text):
            tokens = name_tokens(reading)
            for token in tokens:
                values[("tok", token)] = None
            for token in tokens:
                for code in sorted(phonetic_codes(token)):
                    values[("pho", code)] = None
            for gram in sorted(ngrams(reading)):
                values[("gram", gram)] = None
    return list(values)


# Phones, years, identifiers --------------------------------------------------------------------


def phone_values(text: str) -> list[str]:
    """E.164 form (French numbers by default) and the last 8 digits, when there are 8.

    '06 12 34 56 78' and '+33 6 12 34 56 78' both give ['+33612345678', '12345678'].
    """
    values = []
    e164 = to_e164(text)
    if e164:
        values.append(e164)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 8:
        values.append(digits[-8:])
    return list(dict.fromkeys(values))


def normalise_identifier(value: object) -> str:
    """Upper case, without spaces, dashes, dots or slashes: 'ab-12 34' → 'AB1234'."""
    return re.sub(r"[\s\-./_]", "", str(value or "")).upper()


def person_index_values(
    *,
    name: str,
    spellings: Iterable[str],
    birth_date: date | None,
    phones: Iterable[str],
    identifiers: Mapping[str, object] | None,
) -> list[tuple[str, str]]:
    """(kind, plaintext value) pairs to hash for one person, without duplicates.

    Kinds: ``tok`` name tokens, ``pho`` phonetic codes, ``gram`` trigrams (of the name and of
    every spelling), ``tel`` phone numbers (E.164 and last 8 digits), ``year`` birth year,
    ``id`` identifiers as '<kind>:<VALUE>'.
    """
    values = dict.fromkeys(name_values([name, *(spellings or [])]))
    for phone in phones or []:
        for value in phone_values(phone):
            values[("tel", value)] = None
    if birth_date is not None:
        values[("year", str(birth_date.year))] = None
    for kind, value in (identifiers or {}).items():
        normalised = normalise_identifier(value)
        if normalised:
            values[("id", f"{str(kind).lower()}:{normalised}")] = None
    return list(values)


# Queries ---------------------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    """What a typed query contains: a name, phone numbers, birth years, identifiers."""

    name: str = ""  # normalised
    name_text: str = ""  # as typed, for ``readings`` (numbers and identifiers left out)
    phones: list[list[str]] = field(default_factory=list)  # phone_values of each number
    years: list[int] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # normalised values
    identifier_kinds: tuple[str, ...] = IDENTIFIER_KINDS


_DATE_RE = re.compile(r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4})(?!\d)")
# A number: digits with the separators people type in phone numbers, or an alphanumeric code
# holding at least 5 digits (2A1234567).
_NUMBER_RE = re.compile(r"\+?\(?\d[\d\s().\-/]*\d|\d")
_CODE_RE = re.compile(r"(?<![\w\-./])[a-z0-9]+(?:[\-./][a-z0-9]+)*(?![\w\-./])")
_KIND_WORD_RE = re.compile(r"\b(" + "|".join(IDENTIFIER_KINDS) + r")\b", re.IGNORECASE)


def _is_code(text: str) -> bool:
    """Letters and at least 5 digits: an identifier such as 2A1234567 or AB-123456."""
    return bool(re.search(r"[a-z]", text)) and sum(char.isdigit() for char in text) >= 5


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text)) and YEAR_MIN <= int(text) <= YEAR_MAX


def _looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if not 8 <= len(digits) <= 15:
        return False
    stripped = text.strip()
    return to_e164(stripped) is not None or stripped.startswith(("+", "00"))


def _classify_number(text: str, parsed: ParsedQuery) -> None:
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if _is_year(text):
        parsed.years.append(int(text))
        return
    if _looks_like_phone(text):
        parsed.phones.append(phone_values(text))
        if len(digits) >= 7:  # an AGDREF number also has 10 digits
            parsed.identifiers.append(digits)
        return
    pieces = text.split()
    if len(pieces) > 1 and any(_is_year(piece) for piece in pieces):
        for piece in pieces:  # "1990 0612345678": a year next to another number
            _classify_number(piece, parsed)
    elif len(digits) >= 7:
        parsed.identifiers.append(digits)


def parse_query(q: str) -> ParsedQuery:
    """Split a typed query into a name, phone numbers, birth years and identifiers.

    '0612345678' → phone (and identifier); '1990' or '12/03/1990' → year; 7 digits or more, or
    a code with letters and at least 5 digits → identifier ('caf 1234567' tries CAF only);
    everything else is the name. Queries may mix: 'mohamed diallo 1990'.
    """
    parsed = ParsedQuery()
    text = unicodedata.normalize("NFKC", q or "")
    kinds = [match.lower() for match in _KIND_WORD_RE.findall(text)]
    if kinds:
        parsed.identifier_kinds = tuple(dict.fromkeys(kinds))
        text = _KIND_WORD_RE.sub(" ", text)
    for match in _DATE_RE.finditer(text):
        parsed.years.append(int(match.group(1)))
    text = _DATE_RE.sub(" ", text)
    lowered = text.lower()
    for match in _CODE_RE.finditer(lowered):
        if _is_code(match.group()):
            parsed.identifiers.append(normalise_identifier(match.group()))
    text = _CODE_RE.sub(lambda m: " " if _is_code(m.group()) else m.group(), lowered)
    for match in _NUMBER_RE.finditer(text):
        _classify_number(match.group(), parsed)
    parsed.name_text = " ".join(_NUMBER_RE.sub(" ", text).split())
    parsed.name = normalise(parsed.name_text)
    parsed.years = list(dict.fromkeys(parsed.years))
    parsed.identifiers = list(dict.fromkeys(parsed.identifiers))
    return parsed


def weighted_name_values(texts: Iterable[str]) -> list[tuple[str, str, float]]:
    """Name values with weights: each kind's total weight shared among its values."""
    texts = list(texts)
    values = name_values(texts)
    counts = {kind: sum(1 for k, _ in values if k == kind) for kind in ("tok", "pho", "gram")}
    totals = {"tok": WEIGHT_TOK, "pho": WEIGHT_PHO, "gram": WEIGHT_GRAM}
    # Joined forms are alternatives, not extra words: a token's weight is the total over the
    # number of words, so a full match of every word gives the full tok weight.
    words = max((len(base_tokens(text)) for text in texts), default=1)
    weights = {
        "tok": totals["tok"] / max(1, words),
        "pho": totals["pho"] / max(1, counts["pho"]),
        "gram": totals["gram"] / max(1, counts["gram"]),
    }
    return [(kind, value, weights[kind]) for kind, value in values]


def query_values(q: str | ParsedQuery) -> list[tuple[str, str, float]]:
    """(kind, value, weight) triples a typed query maps to (see ``parse_query``).

    A phone number gives ``tel`` values, a year ``year``, an identifier ``id`` values for each
    identifier kind (or the kind named in the query), the rest ``tok``/``pho``/``gram``.
    """
    parsed = parse_query(q) if isinstance(q, str) else q
    result: dict[tuple[str, str], float] = {}
    for number in parsed.phones:
        for value in number:
            result[("tel", value)] = WEIGHT_TEL
    for year in parsed.years:
        result[("year", str(year))] = WEIGHT_YEAR
    for value in parsed.identifiers:
        for kind in parsed.identifier_kinds:
            result[("id", f"{kind}:{value}")] = WEIGHT_ID
    if parsed.name:
        for kind, value, weight in weighted_name_values([parsed.name_text or parsed.name]):
            result.setdefault((kind, value), weight)
    return [(kind, value, weight) for (kind, value), weight in result.items()]
