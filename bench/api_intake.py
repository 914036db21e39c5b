"""How many reports per second does Läget's API take in, and how fast does it answer?

Reproducible and self-contained: the script creates its own PostgreSQL database, migrates it,
loads the demo and adds synthetic reporters (each with an API token), starts the application
on 127.0.0.1 (gunicorn's threaded workers when the ``prod`` extra is installed, else Django's
WSGI application under a threaded wsgiref server), and then drives it with keep-alive HTTP
connections from a pool of threads. Run::

    .venv/bin/python bench/api_intake.py [--requests 6000] [--duration 20] [--concurrency 8]

Two phases, each bounded by ``--requests`` and ``--duration`` (whichever ends first), after a
short warm-up that is not counted:

* baseline – ``GET /api/v1/me``: token authentication and one small query, the cheapest
  authenticated endpoint;
* intake – ``POST /api/v1/collaborations/{id}/reports`` with a unique ``Idempotency-Key`` each,
  a random category of Fagersta's EST template, a point in one of its areas and a time in the
  last week: the whole of ``report_submit`` (checks, point assignment, personal-data guard,
  audit-log entry).

It prints throughput and p50/p95/p99 latency per phase, the ratio of intake to baseline
throughput and the targets of issue 3 (≥ 300 reports/s, p99 ≤ 100 ms, ≥ 50 % of the baseline),
then checks that every 201 stored exactly one report and that a retried key is answered 200
without a new report. ``--profile N`` profiles N report submissions in-process with
pyinstrument (when installed) to show what dominates. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SEED = 20261122
TARGET_REPORTS_PER_SECOND = 300
TARGET_P99_MS = 100
TARGET_SHARE_OF_BASELINE = 0.5


# --- the database -------------------------------------------------------------------------------


def database_url(name: str, admin_url: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


def create_database(name: str, admin_url: str) -> None:
    """Drop and create the bench database (never the project's own)."""
    import psycopg

    if not name.replace("_", "").isalnum() or not name.startswith("laget_bench"):
        sys.exit("The bench database's name must start with laget_bench (it is dropped first).")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Fixture:
    collaboration_id: int
    categories: list[str]
    boxes: list[tuple[float, float, float, float]]  # lon/lat bounding boxes of the areas
    tokens: list[str]


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laget.settings")
    import django

    django.setup()


def prepare(url: str, *, reporters: int, fresh: bool) -> Fixture:
    """Migrate, load the demo and add ``reporters`` synthetic reporters with API tokens."""
    _setup_django(url)
    from django.core.management import call_command
    from django.db import connections
    from shapely.geometry import shape

    from laget.accounts.models import User
    from laget.api.models import ApiToken
    from laget.api.services import api_token_create
    from laget.demo.services import demo_load
    from laget.organisations.choices import Role
    from laget.organisations.models import Collaboration, Organisation
    from laget.organisations.services import membership_create
    from laget.reporting import selectors
    from laget.reporting.models import ReportTemplate

    call_command("migrate", verbosity=0)
    if fresh or not Collaboration.objects.filter(slug="fagersta").exists():
        demo_load()
    fagersta = Collaboration.objects.get(slug="fagersta")
    housing = Organisation.objects.get(name="Fagersta bostadsbolag (demo)")
    unit = housing.units.first()
    ApiToken.objects.filter(user__username__startswith="bench.").delete()
    tokens = []
    for n in range(reporters):
        user, created = User.objects.get_or_create(
            username=f"bench.rapportor.{n}",
            defaults={
                "first_name": "Bench",
                "last_name": str(n),
                "email": f"bench.{n}@example.invalid",
            },
        )
        if created:
            membership_create(
                user=user,
                organisation=housing,
                role=Role.REPORTER,
                collaboration=fagersta,
                unit=unit,
            )
        _token, secret = api_token_create(user=user, name="bench")
        tokens.append(secret)
    templates = ReportTemplate.objects.filter(collaboration=fagersta, is_active=True)
    categories = [c.key for t in templates for c in selectors.reportable_categories(template=t)]
    boxes = [
        shape(a.boundary).bounds
        for a in fagersta.areas.filter(is_active=True).exclude(boundary=None)
    ]
    fixture = Fixture(fagersta.pk, categories, boxes, tokens)
    connections.close_all()
    return fixture


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(url: str, seal_delay_ms: int = 0) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "LAGET_AUDIT_SEAL_DELAY_MS": str(seal_delay_ms),
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "laget.settings",
            "LAGET_DEBUG": "false",
            "LAGET_ALLOWED_HOSTS": "127.0.0.1",
            "LAGET_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def start_server(
    url: str, port: int, *, server: str, workers: int, threads: int, seal_delay_ms: int = 0
) -> Any:
    if server == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "laget.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--keep-alive=30",
            "--log-level=warning",
        ]
    else:
        command = [sys.executable, __file__, "--serve-wsgiref", str(port)]
    process = subprocess.Popen(  # noqa: S603
        command, env=server_env(url, seal_delay_ms), cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped at start-up (exit status {process.returncode}).")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/halsa/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("The server did not answer /halsa/ within 60 seconds.")


def serve_wsgiref(port: int) -> None:
    """Fallback server: Django's WSGI application under a threaded wsgiref server."""
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    application = get_wsgi_application()
    with make_server("127.0.0.1", port, application, ThreadedServer, QuietHandler) as httpd:
        httpd.serve_forever()


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0.0) for pid in tree)


def database_cpu(url: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to the bench database
    (the server's connections; Linux, local server only; NaN when unreadable)."""
    import psycopg

    tick = os.sysconf("SC_CLK_TCK")
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        total = 0.0
        for (pid,) in rows:
            fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, psycopg.Error):
        return float("nan")
    return total


# --- the load -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    expected: int = 200
    server_cpu: float = float("nan")  # CPU seconds the server used during the phase
    database_cpu: float = float("nan")  # CPU seconds its database connections used

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return self.count - self.statuses.get(self.expected, 0)

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.server_cpu / self.count * 1000 if self.count else float("nan")

    @property
    def database_cpu_ms_per_request(self) -> float:
        return self.database_cpu / self.count * 1000 if self.count else float("nan")

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


Request = Callable[[int, random.Random], tuple[str, str, bytes | None, dict[str, str]]]


def drive(
    port: int,
    make_request: Request,
    *,
    name: str,
    requests: int,
    duration: float,
    concurrency: int,
    expected: int,
    server_pid: int | None = None,
    database_url: str | None = None,
) -> Result:
    """Send up to ``requests`` requests for at most ``duration`` seconds from ``concurrency``
    threads, each with its own keep-alive connection."""
    result = Result(name, expected=expected)
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.perf_counter() + duration

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        while time.perf_counter() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            method, path, body, headers = make_request(n, rng)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=worker, args=(SEED + i,)) for i in range(concurrency)]
    cpu_before = process_tree_cpu(server_pid) if server_pid else None
    database_before = database_cpu(database_url) if database_url else None
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    if server_pid and cpu_before is not None:
        result.server_cpu = process_tree_cpu(server_pid) - cpu_before
    if database_url and database_before is not None:
        # Connections opened during the phase count from zero; the server keeps its
        # connections open between requests, so none is lost by closing.
        result.database_cpu = database_cpu(database_url) - database_before
    return result


def me_request(fixture: Fixture) -> Request:
    def make(n: int, rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
        token = fixture.tokens[n % len(fixture.tokens)]
        return "GET", "/api/v1/me", None, {"Authorization": f"Bearer {token}"}

    return make


def report_body(fixture: Fixture, rng: random.Random) -> dict[str, Any]:
    west, south, east, north = rng.choice(fixture.boxes)
    occurred = time.time() - rng.uniform(3600, 6 * 24 * 3600)
    return {
        "category": rng.choice(fixture.categories),
        "lon": round(rng.uniform(west, east), 6),
        "lat": round(rng.uniform(south, north), 6),
        "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(occurred)),
        "count": rng.randint(1, 5),
        "assessment": rng.choice(["green", "yellow", "red", ""]),
        "trend": rng.choice(["increased", "unchanged", "decreased", ""]),
        "text": rng.choice(
            [
                "Klotter på fasaden mot parkeringen.",
                "Trasig belysning längs gångvägen.",
                "Grupp ungdomar samlades vid entrén sent på kvällen.",
                "",
            ]
        ),
    }


def report_request(fixture: Fixture, run: str) -> Request:
    path = f"/api/v1/collaborations/{fixture.collaboration_id}/reports"

    def make(n: int, rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
        token = fixture.tokens[n % len(fixture.tokens)]
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{run}-{n}",
        }
        return "POST", path, json.dumps(report_body(fixture, rng)).encode(), headers

    return make


# --- checks and the table -----------------------------------------------------------------------


def check_stored(url: str, run: str, created: int, fixture: Fixture, port: int) -> list[str]:
    """Every 201 stored exactly one report; a retried key answers 200 and stores nothing."""
    import psycopg

    problems = []
    with psycopg.connect(url) as connection:
        stored = connection.execute(
            "SELECT count(*), count(DISTINCT (reporter_id, idempotency_key)) "
            "FROM reporting_report WHERE idempotency_key LIKE %s",
            (f"bench-{run}-%",),
        ).fetchone()
    if stored is None or stored[0] != created or stored[1] != created:
        problems.append(f"{created} answered 201 but the database holds {stored} reports")
    retry = drive(
        port,
        report_request(fixture, run),
        name="retry",
        requests=min(created, 50),
        duration=30,
        concurrency=2,
        expected=200,
    )
    if retry.errors:
        problems.append(f"retried keys answered {retry.statuses}, expected only 200")
    with psycopg.connect(url) as connection:
        again = connection.execute(
            "SELECT count(*) FROM reporting_report WHERE idempotency_key LIKE %s",
            (f"bench-{run}-%",),
        ).fetchone()
    if stored is None or again is None or again[0] != stored[0]:
        problems.append(f"retrying changed the number of reports from {stored} to {again}")
    return problems


def table(rows: list[Result], baseline: Result, intake: Result) -> str:
    lines = [
        "| phase | requests | errors | seconds | req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/req | database CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.count} | {r.errors} | {r.seconds:.1f} | {r.per_second:.0f} | "
            f"{r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} | "
            f"{r.cpu_ms_per_request:.1f} | {r.database_cpu_ms_per_request:.1f} |"
        )
    ratio = intake.per_second / baseline.per_second if baseline.per_second else 0.0
    checks = [
        (
            f"reports/s ≥ {TARGET_REPORTS_PER_SECOND}",
            f"{intake.per_second:.0f}",
            intake.per_second >= TARGET_REPORTS_PER_SECOND,
        ),
        (
            f"intake p99 ≤ {TARGET_P99_MS} ms",
            f"{intake.percentile(99):.1f} ms",
            intake.percentile(99) <= TARGET_P99_MS,
        ),
        (
            f"intake/baseline ≥ {TARGET_SHARE_OF_BASELINE:.0%}",
            f"{ratio:.0%}",
            ratio >= TARGET_SHARE_OF_BASELINE,
        ),
        ("errors", str(intake.errors + baseline.errors), intake.errors + baseline.errors == 0),
    ]
    lines += ["", "| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {'yes' if ok else 'NO'} |" for name, value, ok in checks]
    return "\n".join(lines)


# --- statements per request ---------------------------------------------------------------


def statements_per_request(fixture: Fixture, run: str, count: int = 20) -> tuple[float, float]:
    """Database statements per ``GET /api/v1/me`` and per report, counted in this process
    through Django's test client (so every statement is seen: BEGIN, COMMIT and what runs
    after the commit included), after the load so that caches are warm."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    make = report_request(fixture, f"count-{run}")
    rng = random.Random(SEED)
    requests = [make(n, rng) for n in range(count + 2)]
    for _method, path, body, headers in requests[:2]:  # warm this process's caches
        client.post(path, body, content_type="application/json", headers=headers)
    auth = {"Authorization": requests[0][3]["Authorization"]}
    client.get("/api/v1/me", headers=auth)
    with CaptureQueriesContext(connection) as me:
        for _ in range(count):
            client.get("/api/v1/me", headers=auth)
    with CaptureQueriesContext(connection) as reports:
        for _method, path, body, headers in requests[2:]:
            response = client.post(path, body, content_type="application/json", headers=headers)
            if response.status_code != 201:
                sys.exit(f"Counting statements: a report answered {response.status_code}.")
    return len(me) / count, len(reports) / count


# --- profiling ------------------------------------------------------------------------------


def profile(url: str, fixture: Fixture, count: int) -> None:
    """Profile ``count`` report submissions through Django's test client, in this process."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: pip install pyinstrument")
        return
    _setup_django(url)
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    make = report_request(fixture, f"profile-{uuid.uuid4().hex[:8]}")
    rng = random.Random(SEED)
    requests = [make(n, rng) for n in range(count)]
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _method, path, body, headers in requests:
        client.post(path, body, content_type="application/json", headers=headers)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=6000, help="most requests per phase")
    parser.add_argument("--duration", type=float, default=20, help="most seconds per phase")
    parser.add_argument("--warmup", type=int, default=300, help="uncounted requests first")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--reporters", type=int, default=20, help="synthetic reporters")
    parser.add_argument("--server", choices=["gunicorn", "wsgiref"], default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--seal-delay-ms",
        type=int,
        default=0,
        help="LAGET_AUDIT_SEAL_DELAY_MS of the server (0: seal in each request after its commit)",
    )
    parser.add_argument("--database", default="laget_bench")
    parser.add_argument("--admin-url", default=PG_ADMIN_URL, help="PostgreSQL to create it in")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N posts")
    parser.add_argument("--serve-wsgiref", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve_wsgiref:
        serve_wsgiref(args.serve_wsgiref)
        return
    url = database_url(args.database, args.admin_url)
    if not args.reuse:
        create_database(args.database, args.admin_url)
    print(f"Preparing {args.database} (migrate, demo, {args.reporters} reporters)…", flush=True)
    fixture = prepare(url, reporters=args.reporters, fresh=not args.reuse)
    if args.profile:
        profile(url, fixture, args.profile)
        return

    server = args.server or (
        "gunicorn" if shutil.which("gunicorn") or _has("gunicorn") else "wsgiref"
    )
    port = free_port()
    process = start_server(
        url,
        port,
        server=server,
        workers=args.workers,
        threads=args.threads,
        seal_delay_ms=args.seal_delay_ms,
    )
    run = uuid.uuid4().hex[:8]
    load_before = os.getloadavg()
    try:
        drive(
            port,
            me_request(fixture),
            name="warm-up",
            requests=args.warmup,
            duration=30,
            concurrency=args.concurrency,
            expected=200,
        )
        drive(
            port,
            report_request(fixture, f"warmup-{run}"),
            name="warm-up",
            requests=args.warmup,
            duration=30,
            concurrency=args.concurrency,
            expected=201,
        )
        common = {
            "requests": args.requests,
            "duration": args.duration,
            "concurrency": args.concurrency,
            "server_pid": process.pid,
            "database_url": url,
        }
        baseline = drive(
            port, me_request(fixture), name="baseline GET /api/v1/me", expected=200, **common
        )
        intake = drive(
            port, report_request(fixture, run), name="intake POST …/reports", expected=201, **common
        )
        problems = check_stored(url, run, intake.statuses.get(201, 0), fixture, port)
        statements = statements_per_request(fixture, run)
    finally:
        process.terminate()
        process.wait(timeout=30)

    print()
    print(
        f"Läget API intake – {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, server {server}"
        + (f" ({args.workers} workers × {args.threads} threads)" if server == "gunicorn" else "")
        + f", audit seal delay {args.seal_delay_ms} ms"
        + f", {args.concurrency} client threads, PostgreSQL {args.database}; "
        f"load average before the run {load_before[0]:.2f} (1 min), {load_before[1]:.2f} (5 min)"
    )
    print()
    print(table([baseline, intake], baseline, intake))
    print(
        f"\nDatabase statements per request (counted in-process after the load): "
        f"GET /api/v1/me {statements[0]:.1f}, report {statements[1]:.1f}."
    )
    if intake.errors:
        print(f"\nIntake statuses: {intake.statuses}")
    if problems:
        print("\nProblems:\n- " + "\n- ".join(problems))
        sys.exit(1)
    print("\nEvery 201 stored exactly one report; retried keys answered 200 without a new one.")


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    main()
