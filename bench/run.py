#!/usr/bin/env python
"""Performance figures of Permanence: what `make bench` prints (see docs/performance.md).

The machine the bench runs on is shared and noisy, so every timing is also given as a ratio to a
trivial view (``/healthz``, which returns "ok") measured in the same run. Server times alternate a
trivial request and a measured request many times and compare the medians.

Each measurement is a function registered with ``@measurement(name, title)``: it receives the
``Bench`` context (temporary folder, migrated demo database, process helpers) and returns rows.
Later stages add their own functions at the end of the list; ``--only NAME`` runs one of them.
The `directory` measurement runs this script again as a child (``--only directory-inner``) on a
throwaway PostgreSQL cluster (scripts/with-postgres.sh) with a synthetic directory of 5,000 desks
(bench/directory_data.py).

Usage: .venv/bin/python bench/run.py [--only NAME[,NAME...]] [--json FILE] [--list]
"""

import argparse
import contextlib
import gzip
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = str(VENV / "bin" / "python") if (VENV / "bin" / "python").exists() else sys.executable
HOST = "127.0.0.1"  # the bench never listens on, nor connects to, anything else

# Server-time sampling (per page): warm-up requests, then interleaved measured pairs.
WARMUP = 20
REQUESTS = 300
STARTS = 3  # start-up time: median of this many starts
INSTALLS = 3  # install time: median of this many installs
IDLE_SECONDS = 3.0  # memory: how long the servers stay idle before RSS is read
MEMORY_TARGET_MB = 200.0  # web server + task worker, idle, production settings
GZIP_LEVEL = 6

# Timeouts (seconds): every wait is bounded.
TIMEOUT_COMMAND = 300  # one management command or one pip install
TIMEOUT_START = 60  # a server answering /healthz
TIMEOUT_REQUEST = 10  # one HTTP request
TIMEOUT_STOP = 10  # a process group leaving after SIGTERM, before SIGKILL

# Variables read by permanence/settings.py (and their _FILE variants): never inherited from the
# caller's shell, so that the bench cannot touch a real database, var/ folder or key.
SETTINGS_PREFIXES = (
    "PERMANENCE_",
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_",
    "EMAIL_",
    "DEFAULT_FROM_EMAIL",
    "LOG_LEVEL",
    "DJANGO_SETTINGS_MODULE",
)


@dataclass
class Row:
    """One line of the table. ``ratio`` is ``value`` over the trivial view's median time."""

    group: str
    label: str
    value: float
    unit: str
    ratio: float | None = None
    trivial_ms: float | None = None
    note: str = ""
    details: dict = field(default_factory=dict)


@dataclass
class Measurement:
    name: str
    title: str
    func: Callable[["Bench"], list[Row]]
    internal: bool = False  # run only when named in --only (by another measurement)


MEASUREMENTS: list[Measurement] = []


def measurement(name: str, title: str, *, internal: bool = False):
    """Register a measurement function; they run in the order they are defined."""

    def register(func: Callable[["Bench"], list[Row]]):
        MEASUREMENTS.append(Measurement(name, title, func, internal))
        return func

    return register


class BenchError(Exception):
    pass


# --- Small helpers -------------------------------------------------------------------------------


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def percentile_ms(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def http_get(port: int, path: str, timeout: float = TIMEOUT_REQUEST) -> tuple[int, bytes]:
    url = f"http://{HOST}:{port}{path}"
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def disk_usage_mb(path: Path) -> float:
    """Like ``du -sm``: allocated blocks in MB of 2**20 bytes, hard links counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            try:
                info = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                continue
            seen.add(key)
            total += info.st_blocks * 512
    return total / 2**20


def proc_children() -> dict[int, list[int]]:
    """``{ppid: [pid, ...]}`` from /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def process_tree(pid: int) -> list[int]:
    children = proc_children()
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def proc_status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def proc_pss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_cmdline(pid: int) -> str:
    raw = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return raw.strip().replace(str(ROOT) + "/", "")


def process_role(cmdline: str, *, child: bool, has_children: bool) -> str:
    """A short, readable name for a process of the bench."""
    parts = cmdline.split()
    if "gunicorn" in cmdline:
        return "gunicorn worker" if child else "gunicorn master"
    name = Path(parts[0]).name if parts else "?"
    if "manage.py" in parts:
        index = parts.index("manage.py")
        if index + 1 < len(parts):
            name = parts[index + 1]
    # Django's autoreloader: the parent watches files, a child with the same command runs.
    if has_children and not child:
        return f"{name} (reloader)"
    return name


# --- Static files of a page ----------------------------------------------------------------------


class _AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        url = (
            values.get("href") if tag == "link" else values.get("src") if tag == "script" else None
        )
        if url:
            self.assets.append(url)


def static_assets(html: str, static_url: str) -> list[str]:
    parser = _AssetParser()
    parser.feed(html)
    seen: list[str] = []
    for url in parser.assets:
        path = url.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(static_url) and path not in seen:
            seen.append(path)
    return seen


# --- The bench context ---------------------------------------------------------------------------


class Bench:
    """A temporary folder, a migrated demo database in it, and the processes started from it."""

    def __init__(self, requests: int = REQUESTS):
        self.requests = requests
        self.tmp = Path(tempfile.mkdtemp(prefix="permanence-bench-"))
        self.var_dir = self.tmp / "var"
        self.var_dir.mkdir()
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.processes: list[subprocess.Popen] = []
        self._migrated = False
        self._collected = False
        self._django_ready = False
        self._log_count = 0
        self.base_env = {
            key: value
            for key, value in os.environ.items()
            if not any(key.startswith(prefix) for prefix in SETTINGS_PREFIXES)
        }
        sys.path.insert(0, str(ROOT))
        from permanence.core.lib.crypto import generate_key_text

        # The same throwaway keys for every process: data written by the demo seeding stays
        # readable by the production-like server.
        self.secret_key = "bench-" + secrets.token_urlsafe(40)
        self.keys = {
            "PERMANENCE_DATA_KEYS": "k1:" + generate_key_text(),
            "PERMANENCE_INDEX_KEY": generate_key_text(),
        }

    # Environments -------------------------------------------------------------------------------

    def demo_env(self) -> dict[str, str]:
        """What `make run` uses: DEBUG on, demo mode, SQLite in the temporary var folder."""
        return {
            **self.base_env,
            **self.keys,
            "DEBUG": "1",
            "PERMANENCE_DEMO": "1",
            "PERMANENCE_VAR_DIR": str(self.var_dir),
            "PYTHONUNBUFFERED": "1",
        }

    def production_env(self) -> dict[str, str]:
        """Production settings (DEBUG off, every secret given), still on 127.0.0.1 only."""
        return {
            **self.demo_env(),
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
        }

    # Processes ----------------------------------------------------------------------------------

    def _log_file(self, name: str) -> Path:
        self._log_count += 1
        return self.logs / f"{self._log_count:02d}-{name}.log"

    def spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        """Start a process in its own session (so its whole group can be stopped)."""
        log = self._log_file(name)
        with log.open("wb") as out:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log = log  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        """SIGTERM to the process group, SIGKILL after a timeout."""
        if process.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=TIMEOUT_STOP)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Leftovers of the group (children that outlived their parent).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if process in self.processes:
            self.processes.remove(process)

    def run(self, name: str, args: list[str], env: dict[str, str], timeout=TIMEOUT_COMMAND):
        """Run a command to completion (bounded by ``timeout``); raise with its log on failure."""
        process = self.spawn(name, args, env)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"{name}: no result after {timeout} s\n{tail(process)}") from exc
        finally:
            self.stop(process)
        if code != 0:
            raise BenchError(f"{name} failed with exit code {code}\n{tail(process)}")

    def manage(self, *args: str, env: dict[str, str]) -> None:
        self.run(f"manage-{args[0]}", [PY, "manage.py", *args], env)

    def wait_healthy(self, port: int, process: subprocess.Popen, timeout=TIMEOUT_START) -> float:
        """Poll /healthz until it answers 200; return that moment (``time.monotonic()``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BenchError(f"server exited with code {process.returncode}\n{tail(process)}")
            try:
                status, _ = http_get(port, "/healthz", timeout=1)
                if status == 200:
                    return time.monotonic()
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.01)
        raise BenchError(f"/healthz did not answer 200 within {timeout} s\n{tail(process)}")

    def close(self) -> None:
        for process in list(self.processes):
            self.stop(process)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Shared preparation (done once, on demand) ---------------------------------------------------

    def database(self) -> None:
        """Temporary SQLite database, migrated and seeded with the demo data."""
        if not self._migrated:
            self.manage("migrate", "--noinput", "-v0", env=self.demo_env())
            self.manage("demo", env=self.demo_env())
            self._migrated = True

    def collectstatic(self) -> None:
        """Static files for DEBUG=0 (whitenoise's manifest storage), into the temporary var/."""
        if not self._collected:
            self.manage("collectstatic", "--noinput", "-v0", env=self.production_env())
            self._collected = True

    def django(self):
        """Django set up in this process, on the temporary demo database (DEBUG on, as make run)."""
        if not self._django_ready:
            self.database()
            for key in list(os.environ):
                if any(key.startswith(prefix) for prefix in SETTINGS_PREFIXES):
                    del os.environ[key]
            os.environ.update(self.demo_env())
            os.environ["DJANGO_SETTINGS_MODULE"] = "permanence.settings"
            import django

            django.setup()
            self._django_ready = True
        from django.test import Client

        return Client()

    def trivial_samples(self, count: int) -> list[float]:
        """In-process times of the trivial view, in seconds (after a short warm-up)."""
        client = self.django()
        for _ in range(WARMUP):
            client.get("/healthz")
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            client.get("/healthz")
            samples.append(time.perf_counter() - start)
        return samples

    def coarse_timing(self, func: Callable[[], float]) -> tuple[float, float]:
        """Run ``func`` (returning seconds) between two samples of the trivial view.

        Returns (seconds, trivial median in ms): the ratio of a coarse timing (install, start-up)
        is expressed in trivial requests, measured just before and just after it.
        """
        before = self.trivial_samples(self.requests // 2)
        seconds = func()
        after = self.trivial_samples(self.requests // 2)
        return seconds, median_ms(before + after)

    # Reusable measurements (later stages call these with their own pages) ------------------------

    def interleaved(
        self,
        path: str,
        count: int,
        *,
        prepare: Callable[[], object] | None = None,
        warmup: int = WARMUP,
    ):
        """Alternate /healthz and ``path``: ``warmup`` pairs, then ``count`` timed pairs.

        ``prepare`` runs before every pair, outside the timed region (e.g. clearing a cache).
        Returns (trivial times, page times, the last response of ``path``), times in seconds.
        """
        client = self.django()
        for _ in range(warmup):
            if prepare is not None:
                prepare()
            trivial = client.get("/healthz")
            page = client.get(path)
        if warmup and (trivial.status_code != 200 or page.status_code != 200):
            raise BenchError(f"{path}: status {page.status_code} (/healthz: {trivial.status_code})")
        trivial_times, page_times = [], []
        for _ in range(count):
            if prepare is not None:
                prepare()
            start = time.perf_counter()
            client.get("/healthz")
            middle = time.perf_counter()
            page = client.get(path)
            end = time.perf_counter()
            trivial_times.append(middle - start)
            page_times.append(end - middle)
        if page.status_code != 200:
            raise BenchError(f"{path}: status {page.status_code}")
        return trivial_times, page_times, page

    def page_rows(self, group: str, path: str, label: str, *, weight: bool = True) -> list[Row]:
        """Server time of ``path`` against /healthz, interleaved, plus the page's weight."""
        trivial_times, page_times, page = self.interleaved(path, self.requests)
        trivial_ms, page_ms = median_ms(trivial_times), median_ms(page_times)
        rows = [
            Row(
                group,
                f"{label} {path}: server time",
                page_ms,
                "ms",
                page_ms / trivial_ms,
                trivial_ms,
                f"median of {self.requests}, p90 {percentile_ms(page_times, 0.9):.2f} ms",
            )
        ]
        if weight:
            rows += self.weight_rows(group, path, label, page.content)
        return rows

    def weight_rows(self, group: str, path: str, label: str, html: bytes) -> list[Row]:
        from django.conf import settings
        from django.contrib.staticfiles import finders

        assets = static_assets(html.decode("utf-8"), settings.STATIC_URL)
        files: dict[str, int] = {}
        raw, compressed = len(html), len(gzip.compress(html, GZIP_LEVEL))
        for url in assets:
            relative = url[len(settings.STATIC_URL) :]
            found = finders.find(relative) or (Path(settings.STATIC_ROOT) / relative)
            data = Path(found).read_bytes()
            files[url] = len(data)
            raw += len(data)
            compressed += len(gzip.compress(data, GZIP_LEVEL))
        html_note = f"gzip -{GZIP_LEVEL}: {len(gzip.compress(html, GZIP_LEVEL)):,} B"
        names = ", ".join(Path(url).name for url in assets)
        return [
            Row(group, f"{label} {path}: HTML", len(html), "B", note=html_note),
            Row(
                group,
                f"{label} {path}: HTML + CSS + JS",
                raw,
                "B",
                note=f"gzip -{GZIP_LEVEL}: {compressed:,} B; {len(assets)} files: {names}",
                details={"files": files, "gzip_bytes": compressed},
            ),
        ]

    def idle_memory_rows(
        self,
        group: str,
        label: str,
        commands: list[tuple[str, list[str]]],
        env: dict[str, str],
        port: int,
    ) -> list[Row]:
        """Start ``commands`` (the first one serves ``port``), warm up, idle, then sum VmRSS."""
        started = [self.spawn(name, args, env) for name, args in commands]
        try:
            self.wait_healthy(port, started[0])
            for _ in range(5):
                for path in ("/fr/", "/healthz"):
                    status, _ = http_get(port, path)
                    if status != 200:
                        raise BenchError(f"{label}: GET {path} answered {status}")
            time.sleep(IDLE_SECONDS)
            per_process = []
            for process in started:
                if process.poll() is not None:
                    raise BenchError(f"{label}: a process exited early\n{tail(process)}")
                tree = process_tree(process.pid)
                for pid in tree:
                    try:
                        cmdline = proc_cmdline(pid)
                        rss = proc_status_kb(pid, "VmRSS")
                    except OSError:
                        continue
                    role = process_role(
                        cmdline, child=pid != process.pid, has_children=len(tree) > 1
                    )
                    per_process.append(
                        {
                            "pid": pid,
                            "role": role,
                            "rss_kb": rss,
                            "pss_kb": proc_pss_kb(pid),
                            "cmdline": cmdline,
                        }
                    )
        finally:
            for process in started:
                self.stop(process)
        total_mb = sum(item["rss_kb"] for item in per_process) / 1024
        pss = [item["pss_kb"] for item in per_process]
        pss_note = f"; PSS {sum(pss) / 1024:.0f} MB" if None not in pss else ""
        breakdown = " + ".join(
            f"{item['role']} {item['rss_kb'] / 1024:.0f}" for item in per_process
        )
        return [
            Row(
                group,
                label,
                total_mb,
                "MB",
                note=f"{len(per_process)} processes: {breakdown}{pss_note}",
                details={"processes": per_process},
            )
        ]


def tail(process: subprocess.Popen, lines: int = 25) -> str:
    try:
        text = process.log.read_text(errors="replace")  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return ""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


# --- Measurements of the foundation (issue 1) ---------------------------------------------------


@measurement("install", "Install time and size")
def measure_install(bench: Bench) -> list[Row]:
    base_python = subprocess.run(
        [PY, "-c", "import sys; print(sys._base_executable)"],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_REQUEST,
    ).stdout.strip()
    target = bench.tmp / "install-venv"

    times: list[float] = []

    def install() -> float:
        shutil.rmtree(target, ignore_errors=True)
        start = time.perf_counter()
        bench.run("venv", [base_python, "-m", "venv", str(target)], bench.base_env)
        bench.run(
            "pip-install",
            [
                str(target / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(ROOT / "requirements.lock"),
            ],
            bench.base_env,
        )
        return time.perf_counter() - start

    def installs() -> float:
        times.extend(install() for _ in range(INSTALLS))
        return statistics.median(times)

    seconds, trivial_ms = bench.coarse_timing(installs)
    fresh_mb = disk_usage_mb(target)
    shutil.rmtree(target, ignore_errors=True)
    return [
        Row(
            "install",
            "install: venv + pip install -r requirements.lock (warm pip cache)",
            seconds,
            "s",
            seconds * 1000 / trivial_ms,
            trivial_ms,
            f"median of {INSTALLS}: {', '.join(f'{t:.1f}' for t in times)} s; "
            f"{Path(base_python).name}, runtime dependencies only",
        ),
        Row("install", "size of that fresh runtime virtualenv", fresh_mb, "MB"),
        Row("install", "size of .venv (runtime + dev dependencies)", disk_usage_mb(VENV), "MB"),
    ]


@measurement("startup", "Start-up time of the demo server")
def measure_startup(bench: Bench) -> list[Row]:
    bench.database()
    env = bench.demo_env()

    times: list[float] = []

    def starts() -> float:
        for _ in range(STARTS):
            port = free_port()
            start = time.monotonic()
            process = bench.spawn(
                "runserver", [PY, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"], env
            )
            try:
                times.append(bench.wait_healthy(port, process) - start)
            finally:
                bench.stop(process)
        return statistics.median(times)

    seconds, trivial_ms = bench.coarse_timing(starts)
    all_times = ", ".join(f"{value:.2f}" for value in times)
    return [
        Row(
            "startup",
            "start-up: runserver --noreload until /healthz = 200 (DEBUG on)",
            seconds,
            "s",
            seconds * 1000 / trivial_ms,
            trivial_ms,
            f"median of {STARTS} starts: {all_times} s",
        )
    ]


@measurement("memory", "Resident memory when idle")
def measure_memory(bench: Bench) -> list[Row]:
    bench.database()
    bench.collectstatic()
    rows = []

    port = free_port()
    production = bench.idle_memory_rows(
        "memory",
        "idle RSS: gunicorn -w 1 --threads 4 + db_worker (DEBUG=0)",
        [
            (
                "gunicorn",
                [
                    PY,
                    "-m",
                    "gunicorn",
                    "permanence.wsgi",
                    "-w",
                    "1",
                    "--threads",
                    "4",
                    "-b",
                    f"{HOST}:{port}",
                ],
            ),
            ("db_worker", [PY, "manage.py", "db_worker"]),
        ],
        bench.production_env(),
        port,
    )
    verdict = "OK" if production[0].value < MEMORY_TARGET_MB else "OVER TARGET"
    production[0].note = f"target < {MEMORY_TARGET_MB:.0f} MB: {verdict}; {production[0].note}"
    rows += production

    # The demo as scripts/run-demo.sh starts it (the worker with its default arguments).
    worker = [PY, "manage.py", "db_worker", "--queue-name", "*", "--interval", "1"]
    port = free_port()
    rows += bench.idle_memory_rows(
        "memory",
        "idle RSS: runserver --noreload + db_worker (demo, DEBUG on)",
        [
            ("runserver", [PY, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"]),
            ("db_worker", worker),
        ],
        bench.demo_env(),
        port,
    )
    port = free_port()
    rows += bench.idle_memory_rows(
        "memory",
        "idle RSS: exactly as make run (runserver with autoreloader) + db_worker",
        [
            ("runserver", [PY, "manage.py", "runserver", f"{HOST}:{port}"]),
            ("db_worker", worker),
        ],
        bench.demo_env(),
        port,
    )
    return rows


@measurement("pages", "Server time of the foundation pages (in-process, django.test.Client)")
def measure_pages(bench: Bench) -> list[Row]:
    return bench.page_rows("pages", "/fr/", "home") + bench.page_rows(
        "pages", "/accounts/login/", "login"
    )


# --- Directory (issue 2): search and desk pages with 5,000 desks, on PostgreSQL ----------------

DIRECTORY_TIMEOUT = 600  # the whole child run (cluster, data, timings): under a minute on 2 CPUs
DIRECTORY_TARGET_RATIO = 3.0  # server time over the trivial view's
DIRECTORY_TARGET_BYTES = 60_000  # a desk page with its CSS and JS, as transferred, without fonts
PROFILE_REQUESTS = 20  # cold desk pages under cProfile
QUERY_SAMPLES = 10  # cold requests whose queries are counted and timed
SETTLE_REQUESTS = 3  # untimed /healthz requests between a cold page and the next timed pair
DATABASE_MARKER = "BENCH_DIRECTORY_DATABASE"  # set by the parent: "postgresql" or "sqlite"
PROGRESS = "  · "  # lines of the child's output that the parent relays


def postgres_binaries() -> str | None:
    """Where initdb and pg_ctl are, found as scripts/with-postgres.sh finds them."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: [
            int(part) if part.isdigit() else 0 for part in path.parent.name.split(".")
        ],
    )
    if versions:
        return str(versions[-1])
    found = shutil.which("pg_ctl")
    return str(Path(found).parent) if found else None


def stop_leftover_cluster(port: int) -> None:
    """Safety net after the child: a postmaster of ours still running on ``port`` (the wrapper was
    killed before its clean-up) gets an immediate shutdown, and its folder is removed."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            args = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if "-D" not in args or "-p" not in args or args.index("-D") + 1 >= len(args):
            continue
        data = args[args.index("-D") + 1]
        if args[args.index("-p") + 1 :][:1] != [str(port)] or not data.startswith(
            "/tmp/permanence-pg."
        ):
            continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(int(entry), signal.SIGQUIT)  # PostgreSQL's immediate shutdown
        deadline = time.monotonic() + TIMEOUT_STOP
        while Path(f"/proc/{entry}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(Path(data).parent, ignore_errors=True)


def run_child(bench: Bench, name: str, timeout: float) -> list[Row]:
    """Run the internal measurement ``<name>-inner`` in a child process, on a throwaway
    PostgreSQL cluster (scripts/with-postgres.sh), or on SQLite when the PostgreSQL server
    binaries are missing. The child's progress lines are relayed; its rows are returned."""
    output = bench.tmp / f"{name}.json"
    child = [PY, "bench/run.py", "--only", f"{name}-inner", "--json", str(output)]
    child += ["--requests", str(bench.requests)]
    port = free_port()
    env = {**bench.base_env, "PGTEST_PORT": str(port), "PYTHONUNBUFFERED": "1"}
    if postgres_binaries():
        args, env[DATABASE_MARKER] = ["scripts/with-postgres.sh", *child], "postgresql"
    else:
        print(
            f"  PostgreSQL server binaries (initdb, pg_ctl) not found: {name} runs on SQLite "
            "instead (rows labelled [SQLite]).",
            flush=True,
        )
        args, env[DATABASE_MARKER] = child, "sqlite"
    process = bench.spawn(name, args, env)
    try:
        deadline = time.monotonic() + timeout
        relayed = 0  # complete lines of the child's log already read
        while True:
            try:
                code = process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                code = None
            log = process.log.read_text(errors="replace")  # type: ignore[attr-defined]
            lines = log.split("\n")[:-1]  # the last piece is an unfinished line, or empty
            for line in lines[relayed:]:
                if line.startswith(PROGRESS):
                    print(line, flush=True)
            relayed = len(lines)
            if code is not None:
                break
            if time.monotonic() > deadline:
                raise BenchError(f"{name}: no result after {timeout} s\n{tail(process)}")
    finally:
        # SIGTERM to the group: the child cleans up, then the wrapper stops the cluster.
        bench.stop(process)
        stop_leftover_cluster(port)
    if code != 0 or not output.exists():
        raise BenchError(f"{name}: the child run failed (exit code {code})\n{tail(process)}")
    payload = json.loads(output.read_text())
    if payload["errors"]:
        raise BenchError(f"{name}: {payload['errors']}\n{tail(process)}")
    return [Row(**row) for row in payload["rows"]]


@measurement("directory", "Directory: search and desk pages with 5,000 desks (PostgreSQL)")
def measure_directory(bench: Bench) -> list[Row]:
    """Run ``directory-inner`` in a child process, on a throwaway PostgreSQL cluster."""
    return run_child(bench, "directory", DIRECTORY_TIMEOUT)


def child_database(bench: Bench) -> str:
    """Set up Django in this process on the child's database; return the label of the rows."""
    database = os.environ.get(DATABASE_MARKER, "")
    url = os.environ.get("DATABASE_URL", "")
    if database == "postgresql":
        if not url.startswith("postgres"):
            raise BenchError("child run: DATABASE_URL from scripts/with-postgres.sh missing")
        import dj_database_url
        import psycopg

        settings = dj_database_url.parse(url)
        if not str(settings["HOST"]).startswith("/tmp/permanence-pg."):
            raise BenchError("child run: DATABASE_URL is not a throwaway cluster's socket")
        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    # Never the caller's database: only the URL of the throwaway cluster is kept.
    for key in list(os.environ):
        if any(key.startswith(prefix) for prefix in SETTINGS_PREFIXES):
            del os.environ[key]
    os.environ.update(bench.demo_env())
    if database == "postgresql":
        os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "permanence.settings"
    import django

    django.setup()
    bench._django_ready = bench._migrated = True
    from django.db import connection

    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def ratio_verdict(ratio: float) -> str:
    met = "met" if ratio <= DIRECTORY_TARGET_RATIO else "NOT met"
    return f"target ≤ {DIRECTORY_TARGET_RATIO:g}×: {met}"


def _progress(message: str) -> None:
    print(f"{PROGRESS}{message}", flush=True)


# Where the time of a cold request goes (cProfile). Inclusive times of the main steps, each the
# sum of the cumulative times of some functions given as (file, function name); a step may
# contain the next ones (indented labels). Then the own time of whole modules, wherever called.
PROFILE_STEPS = {
    "desk page": [
        (
            "fetch the desk: get_public_desk (1 query + 5 prefetches)",
            [("perms.py", "get_public_desk")],
        ),
        (
            "desk_context: schedule, channel hours, labels, poster form",
            [("directory/views.py", "desk_context")],
        ),
        ("  of which schedule.next_sessions (next 10)", [("schedule.py", "next_sessions")]),
        ("  of which schedule.describe (desk and channels)", [("schedule.py", "describe")]),
        ("template rendering (render)", [("django/shortcuts.py", "render")]),
        ("  of which the context processors", [("context_processors.py", "site")]),
        ("  of which the poster form's <select>s", [("forms/boundfield.py", "as_widget")]),
    ],
    "search": [
        ("resolve_where (what was typed → point or département)", [("search.py", "resolve_where")]),
        (
            "the page of 20 desks: count, fetch, prefetch texts and sessions",
            [("paginator.py", "get_page"), ("paginator.py", "__getitem__")],
        ),
        ("template rendering (render), with the remote desks' query", [("shortcuts.py", "render")]),
        ("  of which the search form's widgets", [("forms/boundfield.py", "as_widget")]),
    ],
}
PROFILE_MODULES = [
    ("own time of django.db and the driver (all queries)", ("django/db/", "psycopg", "sqlite3")),
    (
        "own time of the schedule engine (schedule.py, holidays)",
        ("permanence/directory/schedule.py", "holidays/", "vacances_scolaires", "dateutil/"),
    ),
]


def _profile_rows(stats, steps, count: int) -> list[tuple[str, float, str]]:
    """(label, seconds per request, note) for the steps and the module totals of ``stats``."""
    total = stats.total_tt
    cumulative: dict[tuple[str, str], float] = {}
    own: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, own_time, cum_time, callers) in stats.stats.items():
        for wanted_file, wanted_name in (item for _label, items in steps for item in items):
            if name == wanted_name and filename.endswith(wanted_file):
                cumulative[(wanted_file, wanted_name)] = (
                    cumulative.get((wanted_file, wanted_name), 0.0) + cum_time
                )
        # Module totals: built-ins (file "~") count for the module of their callers.
        shares = (
            [(caller_file, caller[2]) for (caller_file, _l, _n), caller in callers.items()]
            if filename == "~"
            else [(filename, own_time)]
        )
        spent = sum(time_ for _file, time_ in shares) or 1.0
        for module_label, needles in PROFILE_MODULES:
            for caller_file, time_ in shares:
                if any(needle in caller_file for needle in needles):
                    own[module_label] = own.get(module_label, 0.0) + own_time * time_ / spent
    rows = [
        (label, sum(cumulative.get(item, 0.0) for item in items) / count, "inclusive")
        for label, items in steps
    ]
    rows += [
        (label, own.get(label, 0.0) / count, "own time") for label, _needles in PROFILE_MODULES
    ]
    return [("whole request under cProfile", total / count, "")] + rows


@measurement("directory-inner", "Directory (child run on the throwaway database)", internal=True)
def measure_directory_inner(bench: Bench) -> list[Row]:
    import cProfile
    import pstats
    import re

    sys.path.insert(0, str(ROOT / "bench"))
    database = child_database(bench)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    _progress(f"{database}: migrated in {time.perf_counter() - start:.1f} s")

    import directory_data

    from permanence.directory import services
    from permanence.directory.models import UPCOMING_DAYS, directory_generation

    tag = f"[{database}]"
    start = time.perf_counter()
    counts = directory_data.generate()
    generated = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after such inserts
    _progress(f"generated {counts['desks']:,} desks in {generated:.1f} s")
    sessions: list[int] = []

    def refresh() -> float:
        begin = time.perf_counter()
        sessions.append(services.sessions_refresh_all())
        return time.perf_counter() - begin

    refresh_seconds, refresh_trivial = bench.coarse_timing(refresh)
    _progress(f"refreshed {sessions[0]:,} upcoming sessions in {refresh_seconds:.1f} s")
    rows = [
        Row(
            "directory data",
            f"{tag} data: generate {counts['desks']:,} desks and services (bulk_create)",
            generated,
            "s",
            note=", ".join(f"{value:,} {key}" for key, value in counts.items()),
            details=counts,
        ),
        Row(
            "directory data",
            f"{tag} refresh of derived sessions for {counts['desks']:,} desks "
            "(services.sessions_refresh_all)",
            refresh_seconds,
            "s",
            refresh_seconds * 1000 / refresh_trivial,
            refresh_trivial,
            f"{sessions[0]:,} UpcomingSession rows over {UPCOMING_DAYS} days; "
            f"{refresh_seconds * 1000 / counts['desks']:.1f} ms per desk",
        ),
    ]

    client = bench.django()

    def cold() -> None:
        """An empty page cache, with the directory generation already known (it is computed at
        most every 5 s per process, and timed on its own row). Then a few untimed trivial
        requests: right after a cold page, /healthz takes 2 to 3 times longer (CPU caches,
        allocator), which would inflate the yardstick of the cold rows."""
        cache.clear()
        directory_generation()
        for _ in range(SETTLE_REQUESTS):
            client.get("/healthz")

    desk = f"/fr/desks/{directory_data.SHOWCASE_SLUG}/"
    town = "/fr/?q=Lille&language=ar&week=on"
    pages = [
        ("search, no criteria", "/fr/"),
        ("search near a town, Arabic, open this week", town),
        ("search by département", "/fr/?q=59"),
        ("desk page (3 rules, 4 channels)", desk),
        ("API, one département", "/api/v1/desks?departement=59"),
    ]
    cold_count = max(20, bench.requests // 5)
    sql_seconds: list[float] = []

    def timed(execute, sql, params, many, context):
        """Time spent in cursor.execute (PostgreSQL's work, the socket, the driver)."""
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds.append(time.perf_counter() - begin)

    for label, path in pages:
        _progress(f"{path}: {cold_count} cold and {bench.requests} warm pairs with /healthz")
        trivial_times, page_times, response = bench.interleaved(
            path, cold_count, prepare=cold, warmup=5
        )
        body = response.content
        if path.startswith("/api/"):
            found = f"{json.loads(body)['count']:,} desks, {len(body):,} B of JSON"
        else:
            title = re.search(rb'<h2 id="results-title">\s*(.*?)\s*</h2>', body, re.S)
            found = title.group(1).decode() if title else f"{len(body):,} B of HTML"
        sql_ms = []  # time in cursor.execute per cold request
        for _ in range(QUERY_SAMPLES):
            cold()
            reset_queries()  # DEBUG on: the log is full, and each request empties it
            sql_seconds.clear()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
                client.get(path)
            sql_ms.append(1000 * sum(sql_seconds))
        cold_queries = [query["sql"] for query in captured.captured_queries]
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        warm_queries = len(captured.captured_queries)
        trivial_ms, page_ms = median_ms(trivial_times), median_ms(page_times)
        ratio = page_ms / trivial_ms
        rows.append(
            Row(
                "directory pages",
                f"{tag} {label} {path}: COLD (page cache empty)",
                page_ms,
                "ms",
                ratio,
                trivial_ms,
                f"{ratio_verdict(ratio)}; "
                f"median of {cold_count}, p90 {percentile_ms(page_times, 0.9):.2f} ms; {found}",
                {"queries": cold_queries},
            )
        )
        trivial_times, page_times, _ = bench.interleaved(path, bench.requests)
        trivial_ms, page_ms = median_ms(trivial_times), median_ms(page_times)
        ratio = page_ms / trivial_ms
        rows.append(
            Row(
                "directory pages",
                f"{tag} {label} {path}: warm (cached)",
                page_ms,
                "ms",
                ratio,
                trivial_ms,
                f"{ratio_verdict(ratio)}; "
                f"median of {bench.requests}, p90 {percentile_ms(page_times, 0.9):.2f} ms",
            )
        )
        rows.append(
            Row(
                "directory pages",
                f"{tag} {label}: SQL queries of a cold request",
                len(cold_queries),
                "queries",
                note=f"{statistics.median(sql_ms):.2f} ms in cursor.execute (median of "
                f"{QUERY_SAMPLES} cold requests); "
                f"warm: {warm_queries}; plus 3 aggregates for the generation key, "
                "at most every 5 s per process",
            )
        )

    # The generation key: three aggregates over desks, places and organisations.
    generation_times, trivial_times = [], []
    for index in range(WARMUP + bench.requests):
        cache.delete("directory-generation")
        begin = time.perf_counter()
        client.get("/healthz")
        middle = time.perf_counter()
        directory_generation()
        end = time.perf_counter()
        if index >= WARMUP:
            trivial_times.append(middle - begin)
            generation_times.append(end - middle)
    trivial_ms, generation_ms = median_ms(trivial_times), median_ms(generation_times)
    rows.append(
        Row(
            "directory pages",
            f"{tag} directory generation key (Max/Count over desks, places, organisations)",
            generation_ms,
            "ms",
            generation_ms / trivial_ms,
            trivial_ms,
            f"median of {bench.requests}; paid by one request per process every 5 s",
        )
    )

    # Weight: the desk page and the search page, with the CSS and JS they reference.
    for label, path in (("desk page", desk), ("search", "/fr/")):
        weight = bench.weight_rows(
            "directory weight", path, f"{tag} {label}", client.get(path).content
        )
        if path == desk:
            compressed = weight[-1].details["gzip_bytes"]
            verdict = "met" if compressed <= DIRECTORY_TARGET_BYTES else "NOT met"
            weight[-1].note = (
                f"target ≤ {DIRECTORY_TARGET_BYTES:,} B transferred (gzip): {verdict}; "
                + weight[-1].note
            )
        rows += weight

    # Where the cold time goes: cProfile of cold desk pages and cold searches.
    for label, path in (("desk page", desk), ("search", "/fr/"), ("search", town)):
        _progress(f"{path}: profiling {PROFILE_REQUESTS} cold requests")
        profile = cProfile.Profile()
        for _ in range(PROFILE_REQUESTS):
            cold()
            profile.enable()
            client.get(path)
            profile.disable()
        stats = pstats.Stats(profile)
        total = stats.total_tt / PROFILE_REQUESTS
        for step, seconds, kind in _profile_rows(stats, PROFILE_STEPS[label], PROFILE_REQUESTS):
            rows.append(
                Row(
                    "directory profile",
                    f"{tag} cProfile, cold {label} {path}: {step}",
                    seconds * 1000,
                    "ms",
                    note=f"{100 * seconds / total:.0f} % of the request"
                    + (f" ({kind})" if kind else f"; mean of {PROFILE_REQUESTS} cold requests"),
                )
            )
    return rows


# --- Later stages: each one a module of bench/ run in a child on PostgreSQL ---------------------
#
# bench/<stage>_bench.py defines ``measure(bench, api) -> list[Row]``: ``api`` is this module
# (Row, median_ms, percentile_ms, child_database, progress…), passed in because this file runs as
# __main__ and must not be imported a second time.

STAGES = {
    # name: (module, title, timeout of the whole child run in seconds)
    "cases": (
        "cases_bench",
        "Cases: case list, case page and name search with 200,000 people (PostgreSQL)",
        3600,
    ),
    "reception": (
        "reception_bench",
        "Reception: board refresh with 60 arrivals, booking under load (PostgreSQL)",
        1200,
    ),
    "stats": (
        "stats_bench",
        "Statistics: dashboards, yearly report and import with 1,000,000 call sheets (PostgreSQL)",
        3600,
    ),
}
NAME_VARIANTS_PEOPLE = 3000
NAME_VARIANTS_SEED = 1
STAGE_TARGET_RATIO = 3.0  # server time over the trivial view's (cases, reception)


def progress(message: str) -> None:
    _progress(message)


def _register_stage(name: str, module: str, title: str, timeout: int) -> None:
    def parent(bench: Bench) -> list[Row]:
        return run_child(bench, name, timeout)

    def inner(bench: Bench) -> list[Row]:
        import importlib

        sys.path.insert(0, str(ROOT / "bench"))
        return importlib.import_module(module).measure(bench, sys.modules[__name__])

    measurement(name, title)(parent)
    measurement(f"{name}-inner", f"{title} (child run)", internal=True)(inner)


for _name, (_module, _title, _timeout) in STAGES.items():
    _register_stage(_name, _module, _title, _timeout)


@measurement("names", "Name search: recall and precision at five (bench/name_variants.py)")
def measure_names(bench: Bench) -> list[Row]:
    """The recall measure of issue 3 (3,000 generated people, about 6,000 queries), in-process on
    the demo database, in a transaction rolled back at the end."""
    bench.django()
    sys.path.insert(0, str(ROOT))
    from bench import name_variants

    figures = name_variants.measure(NAME_VARIANTS_PEOPLE, NAME_VARIANTS_SEED)
    target = figures["target_recall_at_5"]
    verdict = "met" if figures["recall_at_5"] >= target else "NOT met"
    common = (
        f"{figures['people']:,} people, {figures['queries']:,} queries, seed {NAME_VARIANTS_SEED}"
    )
    return [
        Row(
            "name search",
            "recall at five (the person is in the first five results)",
            figures["recall_at_5"],
            "",
            note=f"target ≥ {target}: {verdict}; {common}",
            details={key: figures[key] for key in ("by_variant", "by_origin")},
        ),
        Row("name search", "recall at one", figures["recall_at_1"], ""),
        Row(
            "name search",
            "precision at five (the person or a true homonym)",
            figures["precision_at_5"],
            "",
            note=f"{figures['mean_results']:.1f} results per query on average",
        ),
        Row(
            "name search",
            "search time per query (search.person_search, SQLite)",
            figures["search_ms_median"],
            "ms",
            note=f"median; p95 {figures['search_ms_p95']:.1f} ms",
        ),
        Row(
            "name search",
            "blind-index build per person (search.index_people)",
            figures["index_ms_per_person"],
            "ms",
            note=f"{figures['tokens_per_person']:.1f} index tokens per person",
        ),
    ]


# --- Output --------------------------------------------------------------------------------------


def format_value(row: Row) -> str:
    if row.unit == "B":
        return f"{row.value:,.0f} B"
    if row.unit == "ms":
        return f"{row.value:.2f} ms"
    if row.unit == "s":
        return f"{row.value:.2f} s"
    if row.unit == "":  # a share between 0 and 1 (recall, precision)
        return f"{row.value:.3f}"
    if row.unit in ("queries", "%"):
        return f"{row.value:,.0f} {row.unit}"
    return f"{row.value:.0f} {row.unit}" if row.value >= 10 else f"{row.value:.1f} {row.unit}"


def format_ratio(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return f"{ratio:.2f}×" if ratio < 100 else f"{ratio:,.0f}×"


def print_table(rows: list[Row]) -> None:
    headers = ("Measurement", "Value", "× trivial", "Trivial", "Notes")
    table = [
        (
            row.label,
            format_value(row),
            format_ratio(row.ratio),
            f"{row.trivial_ms:.3f} ms" if row.trivial_ms is not None else "",
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(headers[i]), *(len(line[i]) for line in table)) for i in range(4)]
    align = ("<", ">", ">", ">")

    def line(cells):
        first = "  ".join(
            f"{cell:{a}{w}}" for cell, a, w in zip(cells[:4], align, widths, strict=True)
        )
        return f"{first}  {cells[4]}".rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths) + "  " + "-" * 5)
    group = None
    for row, cells in zip(rows, table, strict=True):
        if group is not None and row.group != group:
            print()
        group = row.group
        print(line(cells))


def machine() -> dict:
    cpu = "?"
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_kb = 0
    try:
        for text in Path("/proc/meminfo").read_text().splitlines():
            if text.startswith("MemTotal:"):
                memory_kb = int(text.split()[1])
    except OSError:
        pass
    python = subprocess.run(
        [PY, "-c", "import sys, django; print(sys.version.split()[0], django.get_version())"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_REQUEST,
        check=False,
    ).stdout.split()
    return {
        "cpus": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": python[0] if python else platform.python_version(),
        "django": python[1] if len(python) > 1 else "?",
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    names = [m.name for m in MEASUREMENTS]
    public = [m.name for m in MEASUREMENTS if not m.internal]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated measurements to run: {', '.join(public)}")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--list", action="store_true", help="list the measurements and exit")
    parser.add_argument(
        "--requests", type=int, default=REQUESTS, help=f"measured pairs per page ({REQUESTS})"
    )
    args = parser.parse_args(argv)
    if args.list:
        for m in MEASUREMENTS:
            if not m.internal:
                print(f"{m.name:12} {m.title}")
        return 0
    selected = [m for m in MEASUREMENTS if not m.internal]
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown measurement(s) {', '.join(unknown)}; choose from {public}")
        selected = [m for m in MEASUREMENTS if m.name in wanted]

    # SIGTERM (CI cancelling the job) goes through the same clean-up as Ctrl-C.
    def on_sigterm(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background

    started_at = datetime.now(UTC)
    info = machine()
    print(
        f"Permanence bench, {started_at:%Y-%m-%d %H:%M} UTC: {info['cpus']} CPU "
        f"({info['cpu_model']}), {info['memory_gib']} GiB, Python {info['python']}, "
        f"Django {info['django']}, load {info['load_average']}",
        flush=True,
    )
    rows: list[Row] = []
    errors: dict[str, str] = {}
    bench = Bench(requests=args.requests)
    try:
        for m in selected:
            print(f"… {m.name}: {m.title}", flush=True)
            start = time.monotonic()
            try:
                new_rows = m.func(bench)
            except (BenchError, subprocess.SubprocessError, OSError) as exc:
                errors[m.name] = str(exc)
                print(f"  FAILED: {exc}", file=sys.stderr, flush=True)
                continue
            rows += new_rows
            print(f"  done in {time.monotonic() - start:.1f} s", flush=True)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", file=sys.stderr)
        return 130
    finally:
        # A second Ctrl-C must not interrupt the clean-up itself.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        bench.close()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    print()
    print_table(rows)
    print()
    print(
        "× trivial: value over the median time of the trivial view /healthz measured in the same "
        "run\n(interleaved for pages; just before and after for install and start-up)."
    )
    if args.json:
        payload = {
            "date": started_at.isoformat(timespec="seconds"),
            "machine": info,
            "settings": {
                "requests": args.requests,
                "warmup": WARMUP,
                "starts": STARTS,
                "installs": INSTALLS,
                "idle_seconds": IDLE_SECONDS,
                "gzip_level": GZIP_LEVEL,
            },
            "rows": [asdict(row) for row in rows],
            "errors": errors,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        print(f"JSON written to {args.json}")
    if errors:
        print(f"Failed: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
