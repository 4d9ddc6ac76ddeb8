"""Finding people whose names are encrypted: keyed blind indexes, then a fuzzy re-ranking.

Indexing (``index_person``): every (kind, value) pair of ``names.person_index_values`` is
hashed with ``blind_index(value, purpose="cases.search.<kind>")`` into a ``SearchToken`` row.
The database holds digests only: no name, no fragment of a name, no phone number.

Searching (``person_search``) takes four queries whatever the number of people:

0. the groups of the people in the caller's queryset (the token index begins with the group);
1. one statement reads the tokens holding a digest of the query, restricted to the caller's
   queryset through a subquery, from the index alone; counts the people holding each name
   digest (a rare family name weighs more than a common given name); sums per person the
   weights of their matching digests (weight of the kind × rarity), and keeps the best
   ``CANDIDATES`` people (and which of phone, identifier and birth year matched);
2. the names and spellings of those candidates only are loaded and decrypted (their ids come
   from query 1, hence from the caller's queryset), and re-ranked with ``rapidfuzz`` on
   normalised words and their phonetic codes (``name_similarity``): score = 0.8 × name
   similarity + 0.1 × blind-index name score, plus bonuses when a phone number (+0.5), an
   identifier (+0.6) or the birth year typed (+0.3) matched. People whose name scores more than
   ``KEEP_WITHIN`` below the best name are dropped, unless one of those matched;
3. the people shown are loaded from the caller's queryset, so that its scope and shape hold.

``probable_duplicates`` runs the same machinery with a person being created as the query.
"""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import QuerySet
from rapidfuzz import fuzz

from permanence.cases import names
from permanence.cases.models import Person, SearchToken
from permanence.core.lib.crypto import blind_index

CANDIDATES = 200  # people whose names are decrypted and re-ranked, at most
NAME_KINDS = ("tok", "pho", "gram")
BULK_BATCH = 2000

# Final score = NAME_SHARE × name similarity + INDEX_SHARE × blind-index name score (both in
# [0, 1]) + bonuses for exact matches of what the query holds besides a name.
NAME_SHARE = 0.8
INDEX_SHARE = 0.1
BONUS_TEL = 0.5
BONUS_ID = 0.6
BONUS_YEAR = 0.3
# A result needs this name similarity, unless a phone number or an identifier matched; and a
# score at most KEEP_WITHIN below the best one (people far behind the best are noise).
MIN_NAME_SIMILARITY = 0.55
KEEP_WITHIN = 0.2

# Probable duplicates: similar names with the same birth year or phone, or very similar names.
DUPLICATE_SIMILAR = 0.85
DUPLICATE_VERY_SIMILAR = 0.95


def _digest(kind: str, value: str) -> str:
    return blind_index(value, purpose=f"cases.search.{kind}")


# Indexing -------------------------------------------------------------------------------------


def person_tokens(person: Person) -> list[SearchToken]:
    """The unsaved ``SearchToken`` rows of one person."""
    values = names.person_index_values(
        name=person.name,
        spellings=person.spellings or [],
        birth_date=person.birth_date,
        phones=person.phones(),
        identifiers=person.identifiers or {},
    )
    return [
        SearchToken(
            person_id=person.pk,
            organisation_id=person.organisation_id,
            kind=kind,
            digest=_digest(kind, value),
        )
        for kind, value in values
    ]


def index_people(people: Iterable[Person]) -> int:
    """Rebuild the search tokens of several people (delete, then bulk create); return the count."""
    people = list(people)
    tokens = [token for person in people for token in person_tokens(person)]
    with transaction.atomic():
        SearchToken.objects.filter(person_id__in=[person.pk for person in people]).delete()
        SearchToken.objects.bulk_create(tokens, batch_size=BULK_BATCH)
    return len(tokens)


def index_person(person: Person) -> None:
    """Rebuild the search tokens of one person, after every change of identity fields."""
    index_people([person])


# Candidates -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    person_id: UUID
    index_score: float  # weighted matches of name values
    tel: bool
    identifier: bool
    year: bool


# What a match of another kind than a name adds to a person's total (a name digest adds its
# weight times its rarity).
KIND_WEIGHTS = {"tel": names.WEIGHT_TEL, "id": names.WEIGHT_ID, "year": names.WEIGHT_YEAR}

# One statement, two grouped passes over the same matching tokens (see ``_candidates``).
# ``{person}`` is the token's person column in the WHERE clause: ``+column`` on SQLite (below).
_CANDIDATES_SQL = """
WITH query (digest, weight, named, tel, ident, yr) AS (VALUES {values}),
hits AS MATERIALIZED (
    SELECT {table}.{person_column} AS person_id, {table}.{digest_column} AS digest
    FROM {table}
    WHERE {table}.{organisation_column} IN ({groups})
      AND {table}.{digest_column} IN ({digests})
      AND {person} IN ({scope})
),
counts AS (
    SELECT hits.digest, COUNT(*) AS people
    FROM hits JOIN query ON query.digest = hits.digest
    WHERE query.named = 1
    GROUP BY hits.digest
),
rarity AS (
    SELECT counts.digest,
           2 + LN(1 + CAST(commonest.people AS DOUBLE PRECISION) / counts.people) AS factor
    FROM counts CROSS JOIN (SELECT MAX(people) AS people FROM counts) AS commonest
)
SELECT hits.person_id,
       SUM(query.named * query.weight),
       SUM(query.tel),
       SUM(query.ident),
       SUM(query.yr),
       ROUND(CAST(SUM(query.weight * COALESCE(rarity.factor, 1)) AS NUMERIC), 9) AS total
FROM hits
JOIN query ON query.digest = hits.digest
LEFT JOIN rarity ON rarity.digest = hits.digest
GROUP BY hits.person_id
ORDER BY total DESC, hits.person_id
LIMIT %s
"""


def _candidates_sql(
    queryset: QuerySet, weights: dict[str, tuple[str, float]], groups: list[int], limit: int
) -> tuple[str, list]:
    """The statement of ``_candidates`` and its parameters; the scope is the ORM's own SQL."""
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    meta = SearchToken._meta
    table = quote(meta.db_table)
    columns = {
        f"{name}_column": quote(meta.get_field(name).column)
        for name in ("person", "digest", "organisation")
    }
    scope, scope_params = (
        queryset.order_by().values("pk").query.get_compiler(using=queryset.db).as_sql()
    )
    # Without statistics (a database never ANALYZEd, as most small SQLite files are), SQLite
    # chose ``searchtoken(person_id)`` for ``person_id IN (the scope)`` and read every token of
    # the group (420,000 for 10,000 people) instead of the few thousand whose digest was typed:
    # 240 ms against 22 ms per search. The unary plus leaves it only the index that begins
    # with the group and the digest (``searchtoken_group``). PostgreSQL chooses that one itself.
    person = f"{table}.{columns['person_column']}"
    if connection.vendor == "sqlite":
        person = "+" + person
    rows, params = [], []
    for digest, (kind, weight) in weights.items():
        named = kind in NAME_KINDS
        rows.append("(%s, CAST(%s AS DOUBLE PRECISION), %s, %s, %s, %s)")
        params += [digest, weight if named else KIND_WEIGHTS.get(kind, 0.0), int(named)]
        params += [int(kind == "tel"), int(kind == "id"), int(kind == "year")]
    sql = _CANDIDATES_SQL.format(
        values=", ".join(rows),
        table=table,
        groups=", ".join(["%s"] * len(groups)),
        digests=", ".join(["%s"] * len(weights)),
        person=person,
        scope=scope,
        **columns,
    )
    return sql, [*params, *groups, *weights, *scope_params, limit]


def _candidates(
    queryset: QuerySet, values: Sequence[tuple[str, str, float]], limit: int
) -> list[_Candidate]:
    """The best ``limit`` people of ``queryset`` by their matching digests, weighted by kind
    and, for names, by rarity: 2 + ln(1 + commonest / count) among the people in scope.

    The rarity: in a group of 10,000 people, "Ahmad" is held by hundreds and "Kakar" by a few
    dozen. Without it, everyone called Ahmad outranked Ahmad Kakar typed in Pashto script, and
    the 200 candidates were all Ahmads. The constant 2 damps it: with the logarithm alone, the
    one person holding a rare transcription outweighed the right person's common given name
    (bench/name_variants.py --names 10000 --sample 600, two seeds).

    Two queries: the groups of the people in scope (the token index begins with the group; as
    values, so that the planner cannot choose another index), then one statement
    (``_CANDIDATES_SQL``). It reads the matching tokens once, from the index alone
    (``searchtoken_group``: group, digest, kind, person), counts each name digest's people,
    then sums each person's weights through a join with the query's digests. Two ORM queries
    read the tokens twice and summed a ``CASE`` of one branch per digest, row by row: 31 of the
    search's 45 ms of SQL with 10,000 people in the group. Totals are rounded to 9 decimals so
    that people who match the same digests tie, and ties go by person id.
    """
    weights: dict[str, tuple[str, float]] = {}
    for kind, value, weight in values:
        weights.setdefault(_digest(kind, value), (kind, weight))
    if not weights:
        return []
    groups = list(queryset.order_by().values_list("organisation_id", flat=True).distinct())
    if not groups:
        return []
    try:
        sql, params = _candidates_sql(queryset, weights, groups, limit)
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        _Candidate(
            person_id=person_id if isinstance(person_id, UUID) else UUID(person_id),
            index_score=float(name_score or 0.0),
            tel=bool(tel),
            identifier=bool(identifier),
            year=bool(year),
        )
        for person_id, name_score, tel, identifier, year, _total in rows
    ]


# Name similarity ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def _word_codes(word: str) -> frozenset[str]:
    return frozenset(names.phonetic_codes(word))


@functools.lru_cache(maxsize=100_000)
def word_similarity(left: str, right: str) -> float:
    """Similarity of two normalised words in [0, 1]: spelling, or shared phonetic codes.

    The Indel ratio of the letters (Jaro-Winkler is not used: it rates any two short names
    with a common first letter too high), or 0.93 when the consonant skeletons are equal, 0.88
    for another shared code (Metaphone, NYSIIS).
    """
    if left == right:
        return 1.0
    spelling = fuzz.ratio(left, right) / 100
    shared = _word_codes(left) & _word_codes(right)
    phonetic = 0.0
    if any(code.startswith("s:") for code in shared):
        phonetic = 0.93
    elif shared:
        phonetic = 0.88
    return max(spelling, phonetic)


def _alignment(query_words: Sequence[str], words: Sequence[str]) -> float:
    """Mean over the query's words of their best match among ``words``."""
    if not query_words or not words:
        return 0.0
    return sum(max(word_similarity(q, w) for w in words) for q in query_words) / len(query_words)


def name_similarity(query: str, name: str) -> float:
    """How much the normalised ``name`` looks like the normalised ``query``, in [0, 1].

    Word by word in any order — mostly the query's words found in the name, a little the
    name's words found in the query, so that a partial query still finds — with particles either
    left out or glued to the next word ("Ibn Ali" and "Benali"), and the whole names without
    spaces when the words are not as many (Abdel Rahman / Abderrahmane).
    """
    best = 0.0
    for query_words in _segmentations(query):
        for words in _segmentations(name):
            aligned = 0.8 * _alignment(query_words, words) + 0.2 * _alignment(words, query_words)
            best = max(best, aligned)
            if len(query_words) != len(words):  # split differently: Abdel Rahman, Abderrahmane
                best = max(best, fuzz.ratio("".join(query_words), "".join(words)) / 100)
    return best


@functools.lru_cache(maxsize=20_000)
def _segmentations(text: str) -> tuple[tuple[str, ...], ...]:
    plain = tuple(names.base_tokens(text))
    glued = tuple(names.glued_tokens(text))
    return (plain,) if glued == plain or not glued else (plain, glued)


def _person_names(names_of: tuple[str, list[str]]) -> list[str]:
    name, spellings = names_of
    texts = [name or "", *(spellings or [])]
    return [reading for text in texts if text for reading in _readings(text)]


@functools.lru_cache(maxsize=20_000)
def _readings(text: str) -> tuple[str, ...]:
    # Bounded, in-process only: whoever reads this process's memory also holds the data keys.
    return tuple(names.readings(text))


def _best_similarity(queries: Sequence[str], names_of: tuple[str, list[str]]) -> float:
    return max(
        (name_similarity(query, name) for query in queries for name in _person_names(names_of)),
        default=0.0,
    )


def _candidate_names(queryset: QuerySet, candidates: list[_Candidate]) -> dict:
    """The name and spellings of each candidate, decrypted, by id: values, not model
    instances (200 of them per search), since nothing else is read."""
    rows = (
        Person.objects.using(queryset.db)
        .filter(pk__in=[c.person_id for c in candidates])
        .values_list("id", "name", "spellings")
    )
    return {pk: (name, spellings) for pk, name, spellings in rows}


def _name_score(candidate: _Candidate, similarity: float | None) -> float:
    if similarity is None:
        return 0.0
    index = min(1.0, candidate.index_score / names.NAME_WEIGHT_TOTAL)
    return NAME_SHARE * similarity + INDEX_SHARE * index


def _bonus(candidate: _Candidate, parsed: names.ParsedQuery) -> float:
    bonus = BONUS_TEL if candidate.tel else 0.0
    bonus += BONUS_ID if candidate.identifier else 0.0
    return bonus + (BONUS_YEAR if candidate.year and parsed.years else 0.0)


def _load_ranked(
    queryset: QuerySet, ranked: list[tuple[UUID, float]]
) -> list[tuple[Person, float]]:
    people = queryset.filter(pk__in=[pk for pk, _ in ranked]).listed().in_bulk()
    return [(people[pk], score) for pk, score in ranked if pk in people]


# Public API -----------------------------------------------------------------------------------


def person_search(*, queryset: QuerySet, q: str, limit: int = 20) -> list[tuple[Person, float]]:
    """People of ``queryset`` matching what was typed, best first, with their score.

    ``q`` may hold a name in any spelling or script, a phone number, a birth year, an
    identifier, or a mix. ``queryset`` is already scoped to what the user may see: results never
    come from outside it. Four queries, at most ``CANDIDATES`` names decrypted. The people
    come as a list shows them (``PersonQuerySet.listed()``): their other encrypted fields are
    read on access.
    """
    parsed = names.parse_query(q)
    values = names.query_values(parsed)
    if not values:
        return []
    candidates = _candidates(queryset, values, CANDIDATES)
    if not candidates:
        return []
    queries = list(_readings(parsed.name_text)) if parsed.name else []
    persons = _candidate_names(queryset, candidates)
    scored = []
    for candidate in candidates:
        person = persons.get(candidate.person_id)
        if person is None:
            continue
        similarity = _best_similarity(queries, person) if queries else None
        exact = candidate.tel or candidate.identifier
        if similarity is not None and similarity < MIN_NAME_SIMILARITY and not exact:
            continue
        if similarity is None and not (exact or candidate.year):
            continue
        scored.append((candidate, _name_score(candidate, similarity), _bonus(candidate, parsed)))
    # Names far behind the best name are noise, unless a phone number, an identifier or the
    # birth year typed matched. Other years stay listed (a recorded birth date may be wrong).
    best_name = max((name for _, name, _ in scored), default=0.0)
    ranked = [
        (candidate.person_id, name + bonus)
        for candidate, name, bonus in scored
        if name >= best_name - KEEP_WITHIN or bonus > 0
    ]
    ranked.sort(key=lambda item: (-item[1], str(item[0])))
    return _load_ranked(queryset, ranked[:limit])


def probable_duplicates(
    *,
    queryset: QuerySet,
    name: str,
    spellings: Sequence[str],
    birth_date: date | None,
    phones: Sequence[str],
    exclude: Person | UUID | str | None = None,
    limit: int = 5,
) -> list[tuple[Person, float]]:
    """People of ``queryset`` who may be the person about to be saved, most likely first.

    Flagged: a name similarity of at least ``DUPLICATE_SIMILAR`` with the same birth year or a
    phone number in common, or at least ``DUPLICATE_VERY_SIMILAR`` whatever else. ``exclude``
    is the person being edited, if any.
    """
    texts = [text for text in [name, *(spellings or [])] if text and text.strip()]
    values = names.weighted_name_values(texts)
    for phone in phones or []:
        values += [("tel", value, names.WEIGHT_TEL) for value in names.phone_values(phone)]
    if birth_date is not None:
        values.append(("year", str(birth_date.year), names.WEIGHT_YEAR))
    if not values:
        return []
    if exclude is not None:
        queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
    candidates = _candidates(queryset, values, CANDIDATES)
    if not candidates:
        return []
    queries = [reading for text in texts for reading in names.readings(text)]
    persons = _candidate_names(queryset, candidates)
    flagged = []
    for candidate in candidates:
        person = persons.get(candidate.person_id)
        if person is None:
            continue
        similarity = _best_similarity(queries, person)
        same = candidate.tel or (candidate.year and birth_date is not None)
        if similarity >= DUPLICATE_VERY_SIMILAR or (similarity >= DUPLICATE_SIMILAR and same):
            score = similarity + (0.1 if candidate.year else 0.0) + (0.1 if candidate.tel else 0.0)
            flagged.append((candidate.person_id, score))
    flagged.sort(key=lambda item: (-item[1], str(item[0])))
    return _load_ranked(queryset, flagged[:limit])
