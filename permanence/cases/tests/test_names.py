"""Name normalisation, phonetic codes and query parsing (pure functions, no database)."""

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from permanence.cases import names

# Spellings of one name met at help desks: each class must meet through at least one phonetic
# code or through trigrams.
EQUIVALENT = [
    ["Mohamed", "Mohammed", "Muhammad", "Mouhamed", "Mohamad", "Mehmet", "محمد", "Мухаммед"],
    ["Mamadou", "Mohamadou", "Mamadu"],
    ["Youssef", "Yusuf", "Yousef", "Youcef", "Joseph", "Youssouf", "يوسف", "Юсуф"],
    ["Fatima", "Fatoumata", "Fatma", "Fatimah", "فاطمة"],
    ["Abdoulaye", "Abdullah", "Abdallah", "Abdellah", "عبد الله"],
    ["Aissatou", "Aïcha", "Aisha", "Aïssata", "عائشة"],
    ["Oleksandr", "Aleksandr", "Alexandre", "Alexander", "Олександр", "Александр"],
    ["Tesfay", "Tesfaye", "Tesfai", "ተስፋይ"],
    ["Gebremedhin", "Ghebremedhin", "Gebre Medhin", "ገብረመድህን"],
    ["Khaled", "Khalid", "Haled", "Xalid", "خالد"],
    ["Diallo", "Jallow", "Djalo", "Dialo"],
    ["Ndiaye", "N'Diaye", "Njie"],
    ["Hussein", "Hocine", "Hossein", "Hüseyin", "Houssein"],
    ["Abdelrahman", "Abdel Rahman", "Abd al-Rahman", "Abderrahmane", "عبد الرحمن"],
    ["Omar", "Oumar", "Umar", "عمر"],
    ["Ali", "Aly", "علي"],
    ["Rezaei", "Rezaie", "Rezai", "رضایی"],
    ["Shevchenko", "Chevtchenko", "Schewtschenko", "Шевченко"],
    ["Walid", "Oualid", "Waleed", "وليد"],
    ["Jamal", "Djamel", "Jamel", "جمال"],
]
NGRAM_THRESHOLD = 0.3


def _codes(name: str) -> set[str]:
    """Codes of every reading of the name (Arabic script may have two)."""
    return {
        code
        for reading in names.readings(name)
        for token in names.name_tokens(reading)
        for code in names.phonetic_codes(token)
    }


def _meet(left: str, right: str) -> bool:
    if _codes(left) & _codes(right):
        return True
    return names.jaccard(names.ngrams(left), names.ngrams(right)) >= NGRAM_THRESHOLD


@pytest.mark.parametrize("group", EQUIVALENT, ids=lambda group: group[0])
def test_spellings_of_one_name_meet(group):
    for left in group:
        for right in group:
            assert _meet(left, right), (left, right)


@pytest.mark.parametrize(
    "left,right",
    [("Mohamed", "Fatima"), ("Diallo", "Traoré"), ("Youssef", "Ousmane"), ("Tesfay", "Haile")],
)
def test_different_names_do_not_meet(left, right):
    assert not _meet(left, right)


@pytest.mark.parametrize(
    "script,latin",
    [
        ("محمد", "Mohamed"),
        ("Юсуф", "Youssouf"),
        ("Олександр", "Oleksandr"),
        ("أحمد", "Ahmed"),
        ("Мухаммед", "Mouhamed"),
        ("رضا", "Reza"),
        ("ዮሃንስ", "Yohannes"),
        ("ئەحمەد", "Ahmed"),
        ("الخطيب", "El Khatib"),
        ("جواد امیری", "Jawad Amiri"),
    ],
)
def test_scripts_meet_their_latin_spellings(script, latin):
    assert _codes(script) & _codes(latin)


def test_normalise_transliterates_and_strips():
    assert names.normalise("  Aïcha   N’Diaye ") == "aicha ndiaye"
    assert names.normalise("Ben-Ali, Zoë") == "ben ali zoe"
    assert names.normalise("محمد") == "mhmd"
    assert names.normalise("Мухаммед") == "mukhammed"
    assert names.normalise("علي") == "aly"
    assert names.normalise("احمد") == "ahmd"  # alef is a vowel, not nothing
    assert names.normalise("يوسف الخطيب") == "ywsf al khtyb"  # the article is detached
    assert names.readings("رضا") == ["rda", "rza"]
    assert names.normalise("ﬁ Straße") == "fi strasse"
    assert names.normalise("") == ""


@given(st.text())
@example("Ǆ ß ﬁ ʿAbd")
@example("ዑቕባይ عائشة")
def test_normalise_is_idempotent_and_ascii(text):
    once = names.normalise(text)
    assert names.normalise(once) == once
    assert all(char.isascii() and (char.isalnum() or char == " ") for char in once)
    assert once == " ".join(once.split())


@given(st.text(max_size=40))
def test_codes_and_tokens_never_fail(text):
    for token in names.name_tokens(text):
        assert token.isalpha() and token.isascii()
        names.phonetic_codes(token)
    names.ngrams(text)
    names.query_values(text)


def test_name_tokens_drop_particles_and_join_words():
    assert names.name_tokens("Abd al-Rahman")[:2] == ["abd", "rahman"]
    assert "abdalrahman" in names.name_tokens("Abd al-Rahman")
    assert "benali" in names.name_tokens("Ben Ali")
    assert "ben" not in names.name_tokens("Ben Ali")
    assert names.name_tokens("N'Diaye") == ["ndiaye"]
    assert "ndiaye" in names.name_tokens("N Diaye")
    assert names.name_tokens("El") == ["el"]  # a name made of particles keeps them
    assert names.name_tokens("Al Ben") == ["al", "ben", "alben", "elben"]
    assert "benali" in names.name_tokens("Ibn Ali") and "benaly" in names.name_tokens("بن علي")
    assert names.glued_tokens("Mohamed Bin Ali") == ["mohamed", "benali"]
    assert names.glued_tokens("Al-Khatib") == ["elkhatib"]
    assert names.glued_tokens("الخطيب") == ["elkhtyb"]  # the attached article is detached


def test_ngrams_are_padded_words():
    assert names.ngrams("Ali") == {" al", "ali", "li "}
    assert names.ngrams("Bah Sy") == {" ba", "bah", "ah ", " sy", "sy "}


def test_phones_normalise():
    assert names.phone_values("06 12 34 56 78") == ["+33612345678", "12345678"]
    assert names.phone_values("+33 6 12 34 56 78") == ["+33612345678", "12345678"]
    assert names.phone_values("0033 6.12.34.56.78") == ["+33612345678", "12345678"]
    assert names.phone_values("+213 555 12 34 56")[0] == "+213555123456"
    assert names.phone_values("12") == []


def test_person_index_values():
    values = names.person_index_values(
        name="Mohammed Diallo",
        spellings=["محمد ديالو"],
        birth_date=date(1990, 5, 17),
        phones=["06 12 34 56 78"],
        identifiers={"agdref": "7503-123 456", "caf": ""},
    )
    assert ("tok", "mohammed") in values and ("tok", "mhmd") in values
    assert ("pho", "s:mmt") in values
    assert ("gram", " mo") in values
    assert ("tel", "+33612345678") in values and ("tel", "12345678") in values
    assert ("year", "1990") in values
    assert ("id", "agdref:7503123456") in values
    assert not [value for kind, value in values if kind == "id" and value.startswith("caf")]
    assert len(values) == len(set(values))


def _kinds(q: str) -> set[str]:
    return {kind for kind, _value, _weight in names.query_values(q)}


@pytest.mark.parametrize(
    "q,kinds",
    [
        ("06 12 34 56 78", {"tel", "id"}),
        ("+33 6 12 34 56 78", {"tel", "id"}),
        ("+213 555 12 34 56", {"tel", "id"}),
        ("1990", {"year"}),
        ("12/03/1990", {"year"}),
        ("1850", set()),
        ("7503123456", {"id"}),
        ("1234567", {"id"}),
        ("2A1234567", {"id"}),
        ("ab-123-4567", {"id"}),
        ("mohamed", {"tok", "pho", "gram"}),
        ("mohamed 1990", {"tok", "pho", "gram", "year"}),
        ("Diallo 1990 0612345678", {"tok", "pho", "gram", "year", "tel", "id"}),
        ("", set()),
    ],
)
def test_query_values_classify_queries(q, kinds):
    assert _kinds(q) == kinds


def test_query_values_details():
    values = names.query_values("mohamed 1990")
    assert ("year", "1990", names.WEIGHT_YEAR) in values
    assert ("tok", "mohamed", names.WEIGHT_TOK) in values
    ids = {value for kind, value, _ in names.query_values("7503123456") if kind == "id"}
    assert ids == {f"{kind}:7503123456" for kind in names.IDENTIFIER_KINDS}
    assert {value for kind, value, _ in names.query_values("CAF 1234567") if kind == "id"} == {
        "caf:1234567"
    }
    assert names.parse_query("06 12 34 56 78").phones == [["+33612345678", "12345678"]]
    name_weights = {}
    for kind, _value, weight in names.query_values("abdel rahman diallo"):
        name_weights[kind] = name_weights.get(kind, 0) + weight
    assert name_weights["pho"] == pytest.approx(names.WEIGHT_PHO)
    assert name_weights["gram"] == pytest.approx(names.WEIGHT_GRAM)
