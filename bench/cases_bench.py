"""The `cases` stage (issue 4): case list, case page and name search with 200,000 people.

``bench/run.py --only cases`` runs ``measure`` in a child process on a throwaway PostgreSQL
cluster. The child migrates the database, writes the directory (``bench/directory_data.py``:
its local groups own the people, its desks are the targets of referrals), then the case files
(``bench/cases_data.py``: 200,000 people in 95 groups, their search tokens, about 230,000 cases
and 1,000,000 timeline entries), runs ``VACUUM (ANALYZE)``, and times the pages a volunteer of
the biggest group (10,000 people) sees, signed in (``force_login``, with a TOTP authenticator as
in production):

* ``/cases/`` (the group's open cases), and with filters (``mine``; a topic with no contact for
  90 days);
* ``/cases/<uuid>/`` (a case with 90 entries: contacts, notes, tasks, referrals…);
* ``/people/?q=`` with a common given name ("mohamed") and a misspelt full name;
* ``/people/<uuid>/``, the person of that case.

Each page alternates with the trivial view ``/healthz`` (anonymous, as in every stage): 20
warm-up pairs, then ``--requests`` pairs; the ratio is the page's median over the trivial
view's. The same pages for a volunteer of a group of 100 people, with a case of the same
length, say what the volume costs (the "small group" figure in the notes). Every page writes an
audit event on read, as in production. Then: the SQL queries of one request of each page, the
recall and precision at five of the name search inside the big group (queries typed as in
``bench/name_variants.py``), and where the time of each page goes (cProfile).

``BENCH_CASES_SCALE`` (default 1) scales the data down for a quick try (0.05: 10,000 people).
"""

import cProfile
import os
import pstats
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BENCH_CASES_SCALE", "1"))
RECALL_QUERIES = 400  # queries of the big group's people run through person_search
RECALL_SEED = 11
PROFILE_REQUESTS = 10
RESULTS_LIMIT = 20
LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# Where the time of a page goes: inclusive times of some functions, as (file, function name).
PROFILE_STEPS = [
    ("SQL: CursorWrapper._execute (driver and PostgreSQL)", [("db/backends/utils.py", "_execute")]),
    ("decryption: crypto.decrypt_text (AES-GCM)", [("core/lib/crypto.py", "decrypt_text")]),
    ("audit event: audit_log (one INSERT)", [("audit/services.py", "audit_log")]),
    ("template rendering: render (lazy querysets run inside)", [("django/shortcuts.py", "render")]),
    ("  of which form widgets: BoundField.as_widget", [("forms/boundfield.py", "as_widget")]),
    ("search: _candidates (the grouped token query)", [("cases/search.py", "_candidates")]),
    ("search: re-ranking (_best_similarity)", [("cases/search.py", "_best_similarity")]),
    ("search: _load_ranked (the people shown)", [("cases/search.py", "_load_ranked")]),
    ("session and user: SessionStore.load", [("sessions/backends/db.py", "load")]),
]


def measure(bench, api):
    sys.path.insert(0, str(ROOT / "bench"))
    database = api.child_database(bench)
    tag = f"[{database}]"
    import cases_data
    import directory_data
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from permanence.cases import perms, search

    def interleaved(client, path: str, count: int, warmup: int = api.WARMUP):
        trivial_client = Client()
        for _ in range(warmup):
            trivial = trivial_client.get("/healthz")
            page = client.get(path)
        if warmup and (trivial.status_code != 200 or page.status_code != 200):
            raise api.BenchError(f"{path}: status {page.status_code} ({trivial.status_code})")
        trivial_times, page_times = [], []
        for _ in range(count):
            start = time.perf_counter()
            trivial_client.get("/healthz")
            middle = time.perf_counter()
            page = client.get(path)
            end = time.perf_counter()
            trivial_times.append(middle - start)
            page_times.append(end - middle)
        if page.status_code != 200:
            raise api.BenchError(f"{path}: status {page.status_code}")
        return trivial_times, page_times, page

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    api.progress(f"{database}: migrated in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    directory_counts = directory_data.generate()
    directory_seconds = time.perf_counter() - start
    api.progress(f"directory: {directory_counts['desks']:,} desks in {directory_seconds:.1f} s")

    start = time.perf_counter()
    data = cases_data.generate(scale=SCALE, progress=api.progress)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after such inserts (statistics, and the visibility
            # map that lets the search read its index alone).
            cursor.execute("VACUUM (ANALYZE)")
    analyzed = time.perf_counter() - start
    counts, show = data.counts, data.showcase
    api.progress(
        f"generated {counts['people']:,} people and {counts['entries']:,} entries in "
        f"{generated:.0f} s; VACUUM (ANALYZE) {analyzed:.1f} s"
    )
    phases = "; ".join(f"{name} {seconds:.0f} s" for name, seconds in data.seconds.items())
    rows = [
        api.Row(
            "cases data",
            f"{tag} data: generate {counts['people']:,} people, {counts['cases']:,} cases and "
            f"{counts['entries']:,} timeline entries (COPY, encrypted by the model fields)",
            generated,
            "s",
            note=", ".join(f"{value:,} {key}" for key, value in counts.items())
            + f"; phases: {phases}; 2 token workers",
            details={"counts": counts, "seconds": data.seconds},
        ),
        api.Row(
            "cases data",
            f"{tag} data: the directory first ({directory_counts['desks']:,} desks, "
            "bench/directory_data.py)",
            directory_seconds,
            "s",
        ),
        api.Row("cases data", f"{tag} VACUUM (ANALYZE) after the inserts", analyzed, "s"),
    ]
    if connection.vendor == "postgresql":
        sizes = []
        with connection.cursor() as cursor:
            for table in ("cases_searchtoken", "cases_entry", "cases_person", "cases_case"):
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                sizes.append(f"{table} {cursor.fetchone()[0] / 2**20:,.0f} MB")
        rows[0].note += "; sizes with indexes: " + ", ".join(sizes)

    client = Client()
    client.force_login(show.user, backend=LOGIN_BACKEND)
    small = Client()
    small.force_login(show.small_user, backend=LOGIN_BACKEND)
    queries = show.queries
    pages = [
        ("case list (open cases of the group)", "/cases/", "/cases/"),
        ("case list, my cases", "/cases/?mine=on", "/cases/?mine=on"),
        (
            "case list, a topic and no contact for 90 days",
            "/cases/?topic=regularisation&contact=90",
            "/cases/?topic=regularisation&contact=90",
        ),
        (
            f"case page ({cases_data.SHOWCASE_ENTRIES} entries)",
            f"/cases/{show.case_id}/",
            f"/cases/{show.small_case_id}/",
        ),
        (
            f"person search, common given name «{queries['common given name']}»",
            f"/people/?q={quote(queries['common given name'])}",
            f"/people/?q={quote(queries['common given name'])}",
        ),
        (
            f"person search, misspelt full name «{queries['misspelt full name']}»",
            f"/people/?q={quote(queries['misspelt full name'])}",
            f"/people/?q={quote(queries['misspelt full name'])}",
        ),
        (
            "person page (the person of that case)",
            f"/people/{show.person_id}/",
            f"/people/{show.small_person_id}/",
        ),
    ]
    sql_seconds: list[float] = []

    def timed(execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds.append(time.perf_counter() - begin)

    for label, path, small_path in pages:
        api.progress(f"{path}: {bench.requests} pairs with /healthz")
        trivial_times, page_times, response = interleaved(client, path, bench.requests)
        trivial_ms, page_ms = api.median_ms(trivial_times), api.median_ms(page_times)
        ratio = page_ms / trivial_ms
        found = _what_is_shown(response.content)
        if path.startswith("/people/?q=") and "misspelt" in label:
            found += (
                "; the person sought is in the first five"
                if str(show.person_id) in _first_links(response.content, 5)
                else "; the person sought is NOT in the first five"
            )
        note = (
            f"{api.ratio_verdict(ratio)}; median of {bench.requests}, p90 "
            f"{api.percentile_ms(page_times, 0.9):.1f} ms; {found}"
        )
        if small_path:
            small_trivial, small_times, _ = interleaved(small, small_path, bench.requests)
            small_ms = api.median_ms(small_times)
            note += (
                f"; the same page in a group of {cases_data.SMALL_PEOPLE} people: "
                f"{small_ms:.1f} ms ({small_ms / api.median_ms(small_trivial):.0f}× trivial), "
                f"so the volume costs ×{page_ms / small_ms:.2f}"
            )
        rows.append(
            api.Row(
                "cases pages",
                f"{tag} {label} {path}: server time",
                page_ms,
                "ms",
                ratio,
                trivial_ms,
                note,
            )
        )
        sql_ms = []
        for _ in range(5):
            reset_queries()
            sql_seconds.clear()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
                client.get(path)
            sql_ms.append(1000 * sum(sql_seconds))
        rows.append(
            api.Row(
                "cases pages",
                f"{tag} {label}: SQL queries of one request",
                len(captured.captured_queries),
                "queries",
                note=f"{statistics.median(sql_ms):.1f} ms in cursor.execute (median of 5)",
                details={"queries": [query["sql"] for query in captured.captured_queries]},
            )
        )

    rows += _recall_rows(api, tag, data, show, perms, search)

    for label, path, _small in pages:
        api.progress(f"{path}: profiling {PROFILE_REQUESTS} requests")
        profile = cProfile.Profile()
        for _ in range(PROFILE_REQUESTS):
            profile.enable()
            client.get(path)
            profile.disable()
        stats = pstats.Stats(profile)
        total = stats.total_tt / PROFILE_REQUESTS
        for index, (step, seconds) in enumerate(_profile_steps(stats, PROFILE_REQUESTS)):
            rows.append(
                api.Row(
                    "cases profile",
                    f"{tag} cProfile, {label}: {step}",
                    seconds * 1000,
                    "ms",
                    note=f"{100 * seconds / total:.0f} % of the request"
                    if index
                    else f"mean of {PROFILE_REQUESTS} requests under cProfile",
                )
            )
    return rows


def _what_is_shown(html: bytes) -> str:
    """What the page says it lists: "6,912 dossiers", "20 personnes trouvées", or its size."""
    text = html.decode()
    heading = re.search(r"<h2[^>]*>\s*([\d\s  ,.]+ (?:dossiers?|personnes? trouvées?))", text)
    entries = text.count('<li class="entry ')
    shown = heading.group(1).strip() if heading else ""
    if entries:
        shown = f"{entries} entries on the timeline"
    return f"{shown + '; ' if shown else ''}{len(html):,} B of HTML"


def _first_links(html: bytes, count: int) -> list[str]:
    return re.findall(r'href="/people/([0-9a-f-]{36})/"', html.decode())[:count]


def _recall_rows(api, tag: str, data, show, perms, search) -> list:
    """Recall and precision at five of ``person_search`` in the big group, on the first query
    (typed as in ``bench/name_variants.py``) of a sample of its people. As there, precision
    counts true homonyms as relevant, and a query is ambiguous when it describes more than five
    other people of the group (no search can then be sure to list the right one in five)."""
    rng = random.Random(RECALL_SEED)
    sampled = rng.sample(data.showcase_people, min(len(data.showcase_people), RECALL_QUERIES))
    families: dict[str, list] = {}
    for pk in data.showcase_people:
        families.setdefault(data.fakes[pk].family.usual, []).append(data.fakes[pk])
    queryset = perms.people_for(show.user)
    hits1 = hits5 = ambiguous = ambiguous_hits = homonym_hits = 0
    precisions, timings = [], []
    by_kind: dict[str, list[int]] = {}
    api.progress(f"recall: {len(sampled)} queries in a group of {len(data.showcase_people):,}")
    for pk in sampled:
        fake = data.fakes[pk]
        query = fake.queries[0]
        begin = time.perf_counter()
        found = search.person_search(queryset=queryset, q=query.text, limit=RESULTS_LIMIT)
        timings.append(time.perf_counter() - begin)
        top = [person.pk for person, _score in found][:5]
        hit = int(pk in top)
        hits5 += hit
        hits1 += int(bool(top) and top[0] == pk)
        by_kind.setdefault(query.kind, []).append(hit)
        if sum(1 for other in families[query.family] if query.describes(other)) > 5:
            ambiguous += 1
            ambiguous_hits += hit
        relevant = sum(1 for other in top if other == pk or query.describes(data.fakes[other]))
        precisions.append(relevant / len(top) if top else 0.0)
        homonym_hits += int(hit or relevant == len(top) == 5)
    total = len(sampled)
    kinds = ", ".join(
        f"{kind} {statistics.fmean(hits):.2f} ({len(hits)})"
        for kind, hits in sorted(by_kind.items())
    )
    verdict = "met" if hits5 / total >= 0.95 else "NOT met"
    unambiguous = (hits5 - ambiguous_hits) / max(1, total - ambiguous)
    label = f"{tag} name search in the big group ({len(data.showcase_people):,} people)"
    return [
        api.Row(
            "cases search",
            f"{label}: recall at five ({total} queries typed as in bench/name_variants.py)",
            hits5 / total,
            "",
            note=f"target ≥ 0.95: {verdict}; by kind of query: {kinds}",
        ),
        api.Row(
            "cases search",
            f"{label}: recall at five of the unambiguous queries",
            unambiguous,
            "",
            note=f"{ambiguous} of {total} queries describe more than five other people of the "
            f"group (true homonyms); recall at five of those: "
            f"{ambiguous_hits / max(1, ambiguous):.2f}",
        ),
        api.Row(
            "cases search",
            f"{label}: first five hold the person, or five true homonyms",
            homonym_hits / total,
            "",
            note="the volunteer sees five people with the name typed and adds the birth year; "
            "beside the recall at five, not instead of it",
        ),
        api.Row("cases search", f"{label}: recall at one", hits1 / total, ""),
        api.Row(
            "cases search",
            f"{label}: precision at five (the person or a true homonym)",
            statistics.fmean(precisions),
            "",
        ),
        api.Row(
            "cases search",
            f"{label}: time per query (search.person_search)",
            statistics.median(timings) * 1000,
            "ms",
            note=f"median; p90 {api.percentile_ms(timings, 0.9):.1f} ms",
        ),
    ]


def _profile_steps(stats, count: int) -> list[tuple[str, float]]:
    """(label, seconds per request): the whole request, then the inclusive time of each step."""
    cumulative: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _own, cum_time, _callers) in stats.stats.items():
        for label, items in PROFILE_STEPS:
            if any(name == func and filename.endswith(file) for file, func in items):
                cumulative[label] = cumulative.get(label, 0.0) + cum_time
    steps = [("whole request under cProfile", stats.total_tt / count)]
    return steps + [
        (label, cumulative[label] / count) for label, _items in PROFILE_STEPS if label in cumulative
    ]
