"""The `reception` stage: the live board with 60 arrivals, and booking under load (PostgreSQL).

Run by ``bench/run.py --only reception`` in a child process on a throwaway PostgreSQL cluster.
The data comes from ``bench/reception_data.py``: a national network (95 local groups, 600 desks,
desk sessions over 26 weeks with their arrivals, 50,000 appointments) and one desk day in Lille
with 60 arrivals.

Every page is requested in-process (``django.test.Client``) by a volunteer of the desk's group,
alternating with the trivial view ``/healthz``; the ratio of the medians is the figure
(docs/performance.md). Signed-in pages also give their ratio to ``/healthz`` requested with the
volunteer's session cookie, which loads the session and the account (2 queries) like any
signed-in request. Then ``THREADS`` threads, each with its own client and database
connection, post bookings at the same moment; the bench checks that no slot holds more people
than its places.
"""

import cProfile
import pstats
import random
import re
import statistics
import threading
import time
import uuid
from datetime import timedelta

THREADS = 20
POSTS_PER_THREAD = 10
CONTENTION_ROUNDS = 5
PROFILE_REQUESTS = 20
QUERY_SAMPLES = 5
HTMX = {"HX-Request": "true"}
SEED = 20261125
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# Where the time of a request goes (cProfile): inclusive times of (file suffix, function).
_LIVE = "reception/board.py"
_BOOKING = "booking/services.py"
PROFILE_STEPS = {
    "board": [
        ("load the session: perms.get_session", [("reception/perms.py", "get_session")]),
        ("the board's context: arrivals, decryption, card keys", [(_LIVE, "board_context")]),
        ("template rendering (render)", [("django/shortcuts.py", "render")]),
        ("  of which the arrival cards, kept or rendered", [("board_cards.py", "render")]),
        # IncludeNode.render only (BlockNode.render, in the same file, nests and would count twice).
        ("  of which the arrival cards' includes", [("template/loader_tags.py", "render:include")]),
        ("audit event (whole page only)", [("audit/services.py", "audit_log")]),
    ],
    "post": [
        ("the form (is_valid: phone number, stamp)", [("django/forms/forms.py", "is_valid")]),
        (
            "the desk and its reasons (perms)",
            [("booking/perms.py", "get_desk"), ("booking/perms.py", "get_public_booking_desk")],
        ),
        ("appointment_book (everything written)", [(_BOOKING, "appointment_book")]),
        ("  of which _is_current (the day's schedule)", [(_BOOKING, "_is_current")]),
        ("  of which the messages: 3 texts rendered, queued", [(_BOOKING, "_queue_messages")]),
        ("  of which the audit event", [("audit/services.py", "audit_log")]),
        ("  of which the tasks queued on commit", [("base/base.py", "run_and_clear_commit_hooks")]),
        ("public booking with its limits (cache, count)", [(_BOOKING, "appointment_book_public")]),
    ],
}
PROFILE_MODULES = [
    ("own time of django.db and the driver (all queries)", ("django/db/", "psycopg")),
    (
        "own time of encryption (crypto.py, fields.py, cryptography)",
        ("core/lib/crypto.py", "cryptography/", "core/fields.py"),
    ),
    ("own time of the template engine", ("django/template/",)),
]


class _Timer:
    """Alternate the trivial view and a request, as ``Bench.interleaved`` does, with any client,
    method and headers. Each round times ``/healthz`` requested anonymously (the trivial view of
    every stage), then, for a signed-in client, ``/healthz`` with its session cookie (the floor of
    any signed-in request: the session and the account are loaded, 2 queries), then the request.
    ``prepare(index)`` runs before each round, outside the timed region, and returns the
    arguments of the request."""

    def __init__(self, requests: int, warmup: int):
        from django.test import Client

        self.anonymous = Client()
        self.requests, self.warmup = requests, warmup

    def rounds(self, send, *, signed_in=None, prepare=lambda index: None):
        times: dict[str, list[float]] = {"trivial": [], "signed": [], "page": []}
        response = None
        for index in range(self.warmup + self.requests):
            arguments = prepare(index)
            begin = time.perf_counter()
            self.anonymous.get("/healthz")
            middle = time.perf_counter()
            if signed_in is not None:
                signed_in.get("/healthz")
            before = time.perf_counter()
            response = send(arguments)
            end = time.perf_counter()
            if index >= self.warmup:
                times["trivial"].append(middle - begin)
                if signed_in is not None:
                    times["signed"].append(before - middle)
                times["page"].append(end - before)
        return times, response


def measure(bench, api) -> list:
    from django.core.management import call_command
    from django.db import connection

    database = api.child_database(bench)
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    api.progress(f"{database}: migrated in {time.perf_counter() - start:.1f} s")

    import reception_data

    start = time.perf_counter()
    board, counts = reception_data.generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after such inserts
    generated = time.perf_counter() - start
    api.progress(f"generated the network and its desk days in {generated:.1f} s: {counts}")
    tag = f"[{database}]"
    rows = [
        api.Row(
            "reception data",
            f"{tag} data: {counts['local groups']} local groups, {counts['desks']:,} desks, "
            f"{counts['appointments']:,} appointments (bulk_create, encrypted fields)",
            generated,
            "s",
            note=", ".join(f"{value:,} {key}" for key, value in counts.items()),
            details=counts,
        )
    ]
    # The medians of single POSTs (booking rows), compared with those under concurrency.
    context = {"bench": bench, "api": api, "tag": tag, "board": board, "single": {}}
    rows += _board_rows(**context)
    rows += _booking_rows(**context)
    rows += _concurrency_rows(**context)
    return rows


def _volunteer_client(board):
    from django.test import Client

    client = Client()
    client.force_login(board.volunteer, backend=BACKEND)
    return client


def _timing_row(api, group, label, times, note=""):
    """A row of server time with its ratio to the trivial view (anonymous /healthz); for a
    signed-in page, the note also gives the ratio to a signed-in /healthz."""
    trivial_ms, page_ms = api.median_ms(times["trivial"]), api.median_ms(times["page"])
    ratio = page_ms / trivial_ms
    signed = ""
    if any(times["signed"]):
        signed_ms = api.median_ms(times["signed"])
        signed = (
            f"; {page_ms / signed_ms:.1f}× a signed-in /healthz ({signed_ms:.2f} ms, "
            f"{signed_ms / trivial_ms:.1f}× the trivial view)"
        )
    return api.Row(
        group,
        label,
        page_ms,
        "ms",
        ratio,
        trivial_ms,
        f"{api.ratio_verdict(ratio)}{signed}; median of {len(times['page'])}, "
        f"p90 {api.percentile_ms(times['page'], 0.9):.2f} ms" + (f"; {note}" if note else ""),
    )


def _queries(send, samples: int = QUERY_SAMPLES):
    """(queries of the last request, median ms spent in cursor.execute per request)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    spent: list[float] = []

    def timed(execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - begin

    for _ in range(samples):
        reset_queries()
        spent.append(0.0)
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            send()
    return [query["sql"] for query in captured.captured_queries], 1000 * statistics.median(spent)


def _query_row(api, group, label, send, samples=QUERY_SAMPLES):
    queries, sql_ms = _queries(send, samples)
    return api.Row(
        group,
        label,
        len(queries),
        "queries",
        note=f"{sql_ms:.2f} ms in cursor.execute (median of {samples} requests)",
        details={"queries": queries},
    )


# --- The board ----------------------------------------------------------------------------------


def _board_rows(*, bench, api, tag, board, single) -> list:
    from permanence.reception.models import Arrival

    client = _volunteer_client(board)
    timer = _Timer(bench.requests, api.WARMUP)
    path = f"/reception/sessions/{board.session.pk}/"
    arrivals = Arrival.objects.filter(session=board.session).count()
    shown = {"version": _board_version(api, client.get(path))}

    def poll_unchanged(_arguments):
        # As board.js does: send the version shown. The minute turning while people wait
        # renders the board once more; its new version is kept, as the browser keeps it.
        headers = {**HTMX, "X-Board-Version": shown["version"]}
        response = client.get(path, headers=headers)
        if response.status_code == 200:
            shown["version"] = _board_version(api, response)
        return response

    pages = [
        (f"board refresh, nothing changed (204), {arrivals} arrivals {path}", poll_unchanged),
        (
            f"board refresh (htmx partial, HX-Request), {arrivals} arrivals {path}",
            lambda _arguments: client.get(path, headers=HTMX),
        ),
        (f"board, whole page, {arrivals} arrivals {path}", lambda _arguments: client.get(path)),
        ("session list /reception/ (today and 2 weeks)", lambda _a: client.get("/reception/")),
    ]
    rows = []
    for label, send in pages:
        api.progress(f"{label}: {bench.requests} rounds with /healthz")
        times, response = timer.rounds(send, signed_in=client)
        if response.status_code not in ((204, 200) if "(204)" in label else (200,)):
            raise api.BenchError(f"{label}: status {response.status_code}")
        body = response.content
        rows.append(
            _timing_row(api, "reception board", f"{tag} {label}", times, f"{len(body):,} B of HTML")
        )
        rows.append(
            _query_row(
                api,
                "reception board",
                f"{tag} {label.split(',')[0]}: SQL queries",
                lambda send=send: send(None),
            )
        )
    if b'hx-get="' + path.encode() not in client.get(path).content:
        raise api.BenchError("the board no longer polls its own URL: update the bench")
    for label, send in pages[:3]:
        rows += _profile_rows(api, tag, label.split(",")[0], lambda send=send: send(None), "board")
    return rows


def _board_version(api, response) -> str:
    version = re.search(r'data-version="([0-9a-f]+)"', response.content.decode())
    if not version:
        raise api.BenchError("the board no longer carries its version: update the bench")
    return version.group(1)


# --- Booking, one request at a time -------------------------------------------------------------


class _Bookings:
    """Form data of bookings that must all succeed: a free slot each (spread over many slots),
    a fresh form token, and for the public form its own address and phone number, so that the
    anti-abuse limits (5 per address per hour, 3 per contact per week) are checked but never
    reached. No cache is reset."""

    def __init__(self, board, slots, seed=SEED):
        self.board, self.slots = board, slots
        self.rng = random.Random(seed)
        self.number = 0
        self.lock = threading.Lock()

    def _next(self) -> int:
        with self.lock:
            self.number += 1
            return self.number

    def public(self, slot=None, reason=None) -> tuple[dict, dict]:
        from django.utils import timezone

        from permanence.booking.forms import form_stamp

        number = self._next()
        reason = reason or self.board.reason
        data = {
            "reason": reason.pk,
            "slot": (slot or self.rng.choice(self.slots)).pk,
            "first_name": f"Public {number}",
            "phone": f"06 12 {number // 10000 % 100:02d} {number // 100 % 100:02d} "
            f"{number % 100:02d}",
            "email": "",
            "language": self.rng.choice(["fr", "fr", "ar", "en", "ps"]),
            "started": form_stamp(timezone.now().timestamp() - 20),
            "token": str(uuid.uuid4()),
            "website": "",
        }
        return data, {
            "REMOTE_ADDR": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        }

    def volunteer(self) -> tuple[dict, dict]:
        number = self._next()
        data = {
            "reason": self.board.reason.pk,
            "slot": self.rng.choice(self.slots).pk,
            "first_name": f"Téléphone {number}",
            "phone": f"07 81 {number // 10000 % 100:02d} {number // 100 % 100:02d} "
            f"{number % 100:02d}",
            "email": "",
            "language": "fr",
            "token": str(uuid.uuid4()),
        }
        return data, {}


def _booked() -> int:
    from permanence.booking.models import Appointment

    return Appointment.objects.count()


def _booking_rows(*, bench, api, tag, board, single) -> list:
    from django.test import Client
    from django.utils import timezone
    from reception_data import first_free_slots

    client = _volunteer_client(board)
    public = Client()
    timer = _Timer(bench.requests, api.WARMUP)
    slots = first_free_slots(board.reason, 40, after=timezone.localdate())
    bookings = _Bookings(board, slots)
    desk = board.desk.slug
    volunteer_path = f"/booking/{desk}/"
    public_path = f"/fr/desks/{desk}/book/"
    rows = []
    group = "reception booking"

    pages = [
        (
            f"volunteer booking page, one reason (GET) {volunteer_path}?reason=…",
            lambda _a: client.get(volunteer_path, {"reason": board.reason.pk}),
            client,
        ),
        (
            f"public booking page, one reason (GET) {public_path}?reason=…",
            lambda _a: public.get(public_path, {"reason": board.reason.pk}),
            None,
        ),
    ]
    for label, send, signed_in in pages:
        api.progress(f"{label}: {bench.requests} rounds with /healthz")
        times, response = timer.rounds(send, signed_in=signed_in)
        if response.status_code != 200:
            raise api.BenchError(f"{label}: status {response.status_code}")
        rows.append(_timing_row(api, group, f"{tag} {label}", times))
        rows.append(
            _query_row(
                api, group, f"{tag} {label.split(' (')[0]}: SQL queries", lambda s=send: s(None)
            )
        )

    posts = [
        (
            f"volunteer booking POST {volunteer_path} (creates an appointment)",
            lambda arguments: client.post(volunteer_path, arguments[0], **arguments[1]),
            lambda _index: bookings.volunteer(),
            client,
        ),
        (
            f"public booking POST {public_path} (creates an appointment)",
            lambda arguments: public.post(public_path, arguments[0], **arguments[1]),
            lambda _index: bookings.public(),
            None,
        ),
    ]
    for label, send, prepare, signed_in in posts:
        api.progress(f"{label}: {bench.requests} rounds with /healthz")
        before = _booked()
        times, response = timer.rounds(send, signed_in=signed_in, prepare=prepare)
        created = _booked() - before
        single[label.split(" booking")[0]] = api.median_ms(times["page"])
        wanted = api.WARMUP + bench.requests
        if response.status_code != 302 or created != wanted:
            raise api.BenchError(
                f"{label}: status {response.status_code}, {created} appointments for {wanted} posts"
            )
        rows.append(
            _timing_row(
                api,
                group,
                f"{tag} {label}",
                times,
                f"{created} appointments created for {wanted} posts (302 each); "
                f"{before:,} appointments in the database before",
            )
        )
        rows.append(
            _query_row(
                api,
                group,
                f"{tag} {label.split(' /')[0]}: SQL queries",
                lambda s=send, p=prepare: s(p(0)),
            )
        )
    for label, send, prepare, _signed_in in posts:
        rows += _profile_rows(
            api, tag, label.split(" /")[0], lambda s=send, p=prepare: s(p(0)), "post"
        )
    return rows


# --- Booking under concurrency ------------------------------------------------------------------


def _threads(api, jobs: list[list], login=None) -> tuple[list, float]:
    """Run ``jobs[i]`` (a list of (path, data, extra)) in thread i, all released at once.

    Each thread has its own client and its own database connection, closed at the end. Returns
    ([(seconds, status)], wall seconds from the release to the last response)."""
    from django.db import connection
    from django.test import Client

    barrier = threading.Barrier(len(jobs), timeout=120)
    results: list[list] = [[] for _ in jobs]
    spans: list[tuple[float, float]] = []
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            client = Client()
            if login is not None:
                client.force_login(login(index), backend=BACKEND)
            connection.ensure_connection()
            barrier.wait()
            first = time.perf_counter()
            for path, data, extra in jobs[index]:
                begin = time.perf_counter()
                response = client.post(path, data, **extra)
                results[index].append((time.perf_counter() - begin, response.status_code))
            spans.append((first, time.perf_counter()))
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    if errors or any(thread.is_alive() for thread in threads):
        raise api.BenchError(f"concurrent bookings failed: {errors[:1]}")
    wall = max(end for _start, end in spans) - min(start for start, _end in spans)
    return [result for thread in results for result in thread], wall


def _capacity_check(reasons) -> tuple[int, int, int]:
    """(slots over capacity, slots whose counter differs from their live appointments, slots)."""
    from django.db.models import Count, F, Q

    from permanence.booking.models import AppointmentStatus, Slot

    slots = Slot.objects.filter(reason__in=reasons).annotate(
        live=Count("appointments", filter=~Q(appointments__status=AppointmentStatus.CANCELLED))
    )
    over = (
        slots.filter(booked_count__gt=F("capacity")).count()
        + slots.filter(live__gt=F("capacity")).count()
    )
    wrong = slots.exclude(live=F("booked_count")).count()
    return over, wrong, slots.count()


def _concurrency_rows(*, bench, api, tag, board, single) -> list:
    from django.utils import timezone
    from reception_data import first_free_slots

    from permanence.booking.models import Appointment, Slot

    group = "reception concurrency"
    rows = []
    slots = first_free_slots(board.reason, 40, after=timezone.localdate() + timedelta(days=2))
    bookings = _Bookings(board, slots, seed=SEED + 1)
    desk = board.desk.slug
    public_path, volunteer_path = f"/fr/desks/{desk}/book/", f"/booking/{desk}/"
    before = bench.trivial_samples(bench.requests)

    def jobs(path, make):
        return [[(path, *make()) for _ in range(POSTS_PER_THREAD)] for _ in range(THREADS)]

    phases = [
        ("public booking POSTs", jobs(public_path, bookings.public), None),
        (
            "volunteer booking POSTs",
            jobs(volunteer_path, bookings.volunteer),
            lambda index: board.volunteers[index % len(board.volunteers)],
        ),
    ]
    latencies: dict[str, list[float]] = {}
    walls: dict[str, float] = {}
    for label, work, login in phases:
        api.progress(f"{THREADS} threads × {POSTS_PER_THREAD} {label} at once")
        count_before = Appointment.objects.count()
        results, wall = _threads(api, work, login)
        created = Appointment.objects.count() - count_before
        statuses = [status for _seconds, status in results]
        if created != len(results) or set(statuses) != {302}:
            raise api.BenchError(f"{label}: {created} created for {len(results)}; {set(statuses)}")
        latencies[label] = [seconds for seconds, _status in results]
        walls[label] = wall

    # Contention: THREADS people want the same slot of 5 places at the same instant.
    small = Slot.objects.filter(
        reason=board.small_reason, booked_count=0, start__gt=timezone.now() + timedelta(days=1)
    ).order_by("start")[:CONTENTION_ROUNDS]
    outcomes = []
    contention_latency = []
    for slot in small:
        api.progress(f"{THREADS} threads booking the same slot of {slot.capacity} places")
        jobs = [
            [(public_path, *bookings.public(slot=slot, reason=board.small_reason))]
            for _ in range(THREADS)
        ]
        results, _wall = _threads(api, jobs)
        contention_latency += [seconds for seconds, _status in results]
        slot.refresh_from_db()
        live = Appointment.objects.filter(slot=slot).exclude(status="cancelled").count()
        statuses = [status for _seconds, status in results]
        outcomes.append((statuses.count(302), statuses.count(400), slot.booked_count, live))
    after = bench.trivial_samples(bench.requests)
    trivial_ms = api.median_ms(before + after)
    for label, samples in latencies.items():
        median = api.median_ms(samples)
        rows.append(
            api.Row(
                group,
                f"{tag} {THREADS} threads × {POSTS_PER_THREAD} {label} at once: median latency",
                median,
                "ms",
                median / trivial_ms,
                trivial_ms,
                f"{api.ratio_verdict(median / trivial_ms)} (trivial: 2×{bench.requests} /healthz "
                f"just before and after); p90 {api.percentile_ms(samples, 0.9):.1f} ms, "
                f"max {max(samples) * 1000:.1f} ms; "
                f"{median / single[label.split(' booking')[0]]:.0f}× the median of the same POST "
                f"one at a time; all {len(samples)} created (302)",
            )
        )
        rows.append(
            api.Row(
                group,
                f"{tag} {THREADS} threads × {POSTS_PER_THREAD} {label}: throughput",
                len(samples) / walls[label],
                "bookings/s",
                note=f"{len(samples)} bookings in {walls[label]:.2f} s, one Python process "
                "(threads share the GIL), one connection per thread, over "
                f"{len(slots)} slots of 50 places",
            )
        )
    exact = bool(outcomes) and all(outcome == (5, THREADS - 5, 5, 5) for outcome in outcomes)
    median = api.median_ms(contention_latency)
    rows.append(
        api.Row(
            group,
            f"{tag} {THREADS} threads booking one slot of 5 places at once, "
            f"{len(outcomes)} rounds: median latency",
            median,
            "ms",
            median / trivial_ms,
            trivial_ms,
            "booked/refused/counter/live per round: "
            + ", ".join("/".join(str(v) for v in outcome) for outcome in outcomes)
            + f"; {'exactly 5 booked each time' if exact else 'NOT EXACT'}; p90 "
            f"{api.percentile_ms(contention_latency, 0.9):.1f} ms",
        )
    )
    over, wrong, checked = _capacity_check([board.reason, board.small_reason, board.staff_reason])
    rows.append(
        api.Row(
            group,
            f"{tag} capacity held after all the bookings: slots over capacity",
            over,
            "slots",
            note=f"{checked:,} slots of the board desk checked (booked_count and live "
            f"appointments ≤ places); {wrong} counters differ from the live appointments",
        )
    )
    if over or wrong or not exact:
        raise api.BenchError(f"capacity not held: {over} over, {wrong} wrong, {outcomes}")
    return rows


# --- Where the time goes ------------------------------------------------------------------------


def _profile_rows(api, tag, label, send, kind) -> list:
    api.progress(f"{label}: profiling {PROFILE_REQUESTS} requests")
    send()
    profile = cProfile.Profile()
    for _ in range(PROFILE_REQUESTS):
        profile.enable()
        send()
        profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt / PROFILE_REQUESTS
    cumulative: dict[str, float] = {}
    own: dict[str, float] = {}
    wanted = {item: step for step, items in PROFILE_STEPS[kind] for item in items}
    from django.template.loader_tags import IncludeNode

    include_line = IncludeNode.render.__code__.co_firstlineno
    for (filename, line, name), (_cc, _nc, own_time, cum_time, callers) in stats.stats.items():
        for (suffix, function), step in wanted.items():
            function, _colon, only = function.partition(":")
            if only == "include" and line != include_line:
                continue
            if name == function and filename.endswith(suffix):
                cumulative[step] = cumulative.get(step, 0.0) + cum_time
        # Built-ins (file "~") count for the module of their callers, in proportion.
        shares = (
            [(caller[0], timing[2]) for caller, timing in callers.items()]
            if filename == "~"
            else [(filename, own_time)]
        )
        spent = sum(seconds for _file, seconds in shares) or 1.0
        for module, needles in PROFILE_MODULES:
            for caller_file, seconds in shares:
                if any(needle in caller_file for needle in needles):
                    own[module] = own.get(module, 0.0) + own_time * seconds / spent
    rows = [
        api.Row(
            "reception profile",
            f"{tag} cProfile, {label}: whole request under cProfile",
            total * 1000,
            "ms",
            note=f"mean of {PROFILE_REQUESTS} requests",
        )
    ]
    for step, _items in PROFILE_STEPS[kind]:
        seconds = cumulative.get(step, 0.0) / PROFILE_REQUESTS
        if seconds:
            rows.append(
                api.Row(
                    "reception profile",
                    f"{tag} cProfile, {label}: {step}",
                    seconds * 1000,
                    "ms",
                    note=f"{100 * seconds / total:.0f} % of the request (inclusive)",
                )
            )
    for module, _needles in PROFILE_MODULES:
        seconds = own.get(module, 0.0) / PROFILE_REQUESTS
        rows.append(
            api.Row(
                "reception profile",
                f"{tag} cProfile, {label}: {module}",
                seconds * 1000,
                "ms",
                note=f"{100 * seconds / total:.0f} % of the request (own time)",
            )
        )
    return rows
