"""How fast is one municipality's weekly lägesbild compiled? Target: p95 ≤ 150 ms on PostgreSQL.

The data are synthetic, national scale and reproducible (fixed seed): 290 collaborations (one per
municipality), each with the EST template (15 categories, 12 reportable), six areas, three
reporting units and a coordinator, and ``--reports`` lägesrapporter (10 million by default) over
``--years`` years (5) ending today. Report volumes per municipality follow a log-normal spread
(σ = 1, as Swedish municipality populations roughly do: the largest has about 12 times the mean).
Reports are 95 % *samverkansparter* and 5 % *egen organisation*; 80 % have a time of day, 86 %
an area, 60 % a map point; counts and traffic lights vary. The last 52 weeks also have weekly
checklist answers. Everything is generated inside PostgreSQL (INSERT … SELECT over
generate_series, with the table's plain indexes dropped during the load and rebuilt after), so
loading 10 million rows takes minutes, not hours. Run::

    .venv/bin/python bench/compile_situation.py                    # build once, then measure
    .venv/bin/python bench/compile_situation.py --reports 2000000  # a smaller national set
    .venv/bin/python bench/compile_situation.py --measure-only     # measure the existing data

The database is ``laget_bench_situation`` on the local PostgreSQL unless DATABASE_URL says
otherwise; it is created when missing and rebuilt when it holds a different number of reports.

Methods, each compiling the lägesbild of the last complete week for every municipality
(``--runs`` times, in a shuffled order, after one warm-up run):

* situation_snapshot – what the application does (``laget.situation.selectors``): eight
  queries, then the pure analysis (table, comparisons, CompStat windows, alerts, hot spots,
  weekday × hour, seasonal profile, missing units) into the JSON snapshot. The save is not timed.
* naive loop – the table and comparisons only, with one ``SUM`` query per category, area and
  comparison period (current, previous, last year, 12 baseline weeks, 4 windows × 2): what one
  writes without thinking about queries. Run on ``--baseline-municipalities`` municipalities.

Timings are wall-clock (``time.perf_counter``) in this process, as the compilation runs in a web
request: Django's ORM, psycopg and the analysis included. Each municipality's p50, and the p95
and maximum over all runs, are printed with the speed-up against the naive loop, measured in the
same run on the same municipalities.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/laget_bench_situation"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laget.settings")

SEED = 20260412
TARGET_P95_MS = 150.0
AREAS = ("Centrum", "Norr", "Söder", "Öster", "Väster", "Stationsområdet")
UNITS = ("Fältassistenter", "Fritidsgården", "Bovärdar")
CHECKLIST_WEEKS = 52


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- building the data ---------------------------------------------------------------------------


def build_collaborations() -> None:
    """290 collaborations with a kommun, a lägesbildsgrupp, the EST template, areas and people."""
    from django.contrib.auth.hashers import make_password

    from laget.accounts.models import User
    from laget.geography.models import Area, Municipality
    from laget.geography.services import geography_load
    from laget.organisations.choices import GroupKind, Role
    from laget.organisations.models import Collaboration, Group, Membership, Organisation, Unit
    from laget.reporting.models import Category, ReportTemplate
    from laget.reporting.presets import PRESETS

    if Municipality.objects.count() < 290:
        geography_load()
    missing = list(Municipality.objects.filter(collaboration__isnull=True).order_by("code"))
    if not missing:
        return
    collaborations = Collaboration.objects.bulk_create(
        Collaboration(name=f"Bench {m.name}", slug=f"bench-{m.code}", municipality=m)
        for m in missing
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{c.municipality.name} kommun (bench)", kind="kommun")
        for c in collaborations
    )
    Organisation.collaborations.through.objects.bulk_create(
        Organisation.collaborations.through(organisation=o, collaboration=c)
        for o, c in zip(organisations, collaborations, strict=True)
    )
    Group.objects.bulk_create(
        Group(collaboration=c, kind=GroupKind.SITUATION, name="Lägesbildsgrupp")
        for c in collaborations
    )
    templates = ReportTemplate.objects.bulk_create(
        ReportTemplate(collaboration=c, name="EST", preset="est") for c in collaborations
    )
    _name, specs = PRESETS["est"]
    mains = Category.objects.bulk_create(
        Category(template=t, key=s["key"], name=s["name"], order=i)
        for t in templates
        for i, s in enumerate(specs)
    )
    by_key = {(m.template_id, m.key): m for m in mains}
    Category.objects.bulk_create(
        Category(
            template=t, parent=by_key[(t.pk, s["key"])], key=sub["key"], name=sub["name"], order=j
        )
        for t in templates
        for s in specs
        for j, sub in enumerate(s.get("sub", []))
    )
    areas = []
    for c in collaborations:
        lon, lat = c.municipality.label_lon, c.municipality.label_lat
        for i, name in enumerate(AREAS):
            x, y = lon + 0.03 * math.cos(i), lat + 0.015 * math.sin(i)
            ring = [[x - 0.01, y - 0.005], [x + 0.01, y - 0.005], [x + 0.01, y + 0.005]]
            ring += [[x - 0.01, y + 0.005], [x - 0.01, y - 0.005]]
            areas.append(
                Area(
                    collaboration=c, name=name, boundary={"type": "Polygon", "coordinates": [ring]}
                )
            )
    Area.objects.bulk_create(areas)
    units = Unit.objects.bulk_create(
        Unit(organisation=o, name=name) for o in organisations for name in UNITS
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            username=f"bench.{c.municipality.code}.{role}",
            email=f"bench.{c.municipality.code}.{role}@bench.invalid",
            password=password,
        )
        for c in collaborations
        for role in ("samordnare", *range(len(UNITS)))
    )
    memberships = []
    for i, (c, o) in enumerate(zip(collaborations, organisations, strict=True)):
        people = users[i * (1 + len(UNITS)) : (i + 1) * (1 + len(UNITS))]
        memberships.append(
            Membership(user=people[0], collaboration=c, organisation=o, role=Role.COORDINATOR)
        )
        for person, unit in zip(
            people[1:], units[i * len(UNITS) : (i + 1) * len(UNITS)], strict=True
        ):
            memberships.append(
                Membership(
                    user=person, collaboration=c, organisation=o, unit=unit, role=Role.REPORTER
                )
            )
    Membership.objects.bulk_create(memberships)


REPORT_SQL = """
WITH plan AS (
    SELECT * FROM bench_plan
), draws AS (
    SELECT p.*, random() AS r_cat, random() AS r_area, random() AS r_day, random() AS r_hour,
           random() AS r_min, random() AS r_timed, random() AS r_point, random() AS r_class,
           random() AS r_count, random() AS r_assess, random() AS r_dx, random() AS r_dy
    FROM plan p CROSS JOIN LATERAL generate_series(1, p.n) AS g
), days AS (
    SELECT d.*,
           (%(first)s::date + floor(power(d.r_day, 0.9) * %(days)s)::int) AS day,
           (1 + floor(d.r_area * (array_length(d.area_ids, 1) + 1)))::int AS area_index
    FROM draws d
)
INSERT INTO reporting_report (
    collaboration_id, category_id, category_label, template_version, reporter_id,
    owner_organisation_id, unit_id, info_class, period_start, occurred_at, area_id, lon, lat,
    count, assessment, trend, text, personal_data_reason, source, idempotency_key,
    duplicate_of_id, created_at
)
SELECT collab_id,
       cat_ids[1 + floor(r_cat * array_length(cat_ids, 1))::int],
       'bench', 1, NULL, org_id, NULL,
       CASE WHEN r_class < 0.95 THEN 'partners' ELSE 'own_organisation' END,
       day - (extract(isodow FROM day)::int - 1),
       CASE WHEN r_timed < 0.8 THEN
           ((day + make_interval(hours => (7 + floor(r_hour * 17))::int %% 24,
                                 mins => floor(r_min * 60)::int))::timestamp
            AT TIME ZONE 'Europe/Stockholm')
       END,
       area_ids[area_index],
       CASE WHEN r_point < 0.7 AND area_index <= array_length(area_ids, 1)
            THEN area_lons[area_index] + (r_dx - 0.5) * 0.02 END,
       CASE WHEN r_point < 0.7 AND area_index <= array_length(area_ids, 1)
            THEN area_lats[area_index] + (r_dy - 0.5) * 0.01 END,
       CASE WHEN r_count < 0.85 THEN 1 WHEN r_count < 0.97 THEN 2 ELSE 3 + floor(r_dx * 5)::int END,
       CASE WHEN r_assess < 0.3 THEN '' WHEN r_assess < 0.7 THEN 'green'
            WHEN r_assess < 0.93 THEN 'yellow' ELSE 'red' END,
       '', '', '', 'import', NULL, NULL, now()
FROM days
"""

CHECKLIST_SQL = """
INSERT INTO reporting_checklistanswer (
    collaboration_id, area_id, category_id, period_start, owner_organisation_id, unit_id,
    reporter_id, report_id, answered_at
)
SELECT p.collab_id, p.area_ids[1 + (u.i + a.j) %% array_length(p.area_ids, 1)],
       c.cat_id, w.monday, p.org_id, p.unit_ids[u.i], NULL, NULL, now()
FROM bench_plan p
CROSS JOIN generate_series(1, array_length(p.unit_ids, 1)) AS u(i)
CROSS JOIN generate_series(0, 1) AS a(j)
CROSS JOIN LATERAL unnest(p.cat_ids) AS c(cat_id)
CROSS JOIN LATERAL (
    SELECT %(last_monday)s::date - 7 * k AS monday FROM generate_series(0, %(weeks)s - 1) AS k
) AS w
WHERE hashint4(p.collab_id * 7919 + u.i * 104729 + (%(last_monday)s::date - w.monday)) %% 20 <> 0
"""


def load_reports(total: int, years: int) -> None:
    """Generate ``total`` reports and a year of checklist answers inside PostgreSQL."""
    from django.db import connection, transaction

    from laget.organisations.models import Collaboration

    rng = random.Random(SEED)
    collaborations = list(
        Collaboration.objects.order_by("pk").prefetch_related(
            "parties__units", "areas", "report_templates__categories"
        )
    )
    weights = [math.exp(rng.gauss(0, 1)) for _ in collaborations]
    scale = total / sum(weights)
    sizes = [round(w * scale) for w in weights]
    sizes[-1] += total - sum(sizes)
    today = datetime.date.today()
    first = today - datetime.timedelta(days=365 * years)
    last_monday = today - datetime.timedelta(days=today.weekday() + 7)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers in bulk
        cursor.execute(
            "CREATE TEMP TABLE bench_plan (collab_id int, org_id int, n int, cat_ids int[], "
            "area_ids int[], area_lons float8[], area_lats float8[], unit_ids int[]) "
            "ON COMMIT DROP"
        )
        rows = []
        for c, n in zip(collaborations, sizes, strict=True):
            organisation = c.parties.all()[0]
            categories = [
                cat.pk
                for t in c.report_templates.all()
                for cat in t.categories.all()
                if cat.parent_id is not None or cat.key in ("samling", "handelser")
            ]
            areas = sorted(c.areas.all(), key=lambda a: a.pk)
            centres = [_centre(a.boundary) for a in areas]
            rows.append(
                (
                    c.pk,
                    organisation.pk,
                    n,
                    categories,
                    [a.pk for a in areas],
                    [x for x, _y in centres],
                    [y for _x, y in centres],
                    [u.pk for u in organisation.units.all()],
                )
            )
        cursor.executemany("INSERT INTO bench_plan VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
        cursor.execute("DELETE FROM reporting_checklistanswer")
        cursor.execute("DELETE FROM reporting_report")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reporting_report' "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT setseed(%s)", [0.42])
        t0 = time.perf_counter()
        cursor.execute(REPORT_SQL, {"first": first, "days": (today - first).days})
        print(f"  {cursor.rowcount} reports inserted in {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        print(f"  {len(indexes)} indexes rebuilt in {time.perf_counter() - t0:.0f} s")
        cursor.execute(CHECKLIST_SQL, {"last_monday": last_monday, "weeks": CHECKLIST_WEEKS})
        print(f"  {cursor.rowcount} checklist answers inserted")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_report")
        cursor.execute("VACUUM ANALYZE reporting_checklistanswer")


def _centre(boundary: dict[str, Any]) -> tuple[float, float]:
    ring = boundary["coordinates"][0]
    return sum(p[0] for p in ring[:-1]) / (len(ring) - 1), sum(p[1] for p in ring[:-1]) / (
        len(ring) - 1
    )


# --- measuring -----------------------------------------------------------------------------------


def naive_table(user: Any, collaboration: Any, period: Any) -> dict[tuple[Any, ...], int]:
    """The table and its comparisons with one SUM query per category, area and period."""
    from django.db.models import Sum

    from laget import access
    from laget.analysis import compile as compile_analysis
    from laget.reporting.models import Category, Report
    from laget.situation.selectors import REPORT_DAY, included_info_classes

    reports = access.restrict(
        user,
        Report.objects.filter(
            collaboration=collaboration,
            duplicate_of__isnull=True,
            info_class__in=included_info_classes("partners"),
        ),
    )
    categories = Category.objects.filter(template__collaboration=collaboration, children=None)
    areas = [*collaboration.areas.values_list("pk", flat=True), None]
    buckets = {
        "current": (period.start, period.end),
        "previous": (period.previous().start, period.previous().end),
        "last_year": (period.same_last_year().start, period.same_last_year().end),
    }
    for i, p in enumerate(period.back(12)):
        buckets[f"history:{i}"] = (p.start, p.end)
    for w in compile_analysis.compstat_windows(period.end):
        buckets[f"{w.key}:now"] = (w.start, w.end)
        buckets[f"{w.key}:then"] = (w.earlier_start, w.earlier_end)
    result = {}
    for category in categories:
        for area in areas:
            for name, (start, end) in buckets.items():
                total = (
                    reports.filter(category=category, area_id=area)
                    .annotate(day=REPORT_DAY)
                    .filter(day__gte=start, day__lte=end)
                    .aggregate(n=Sum("count"))["n"]
                )
                result[(category.pk, area, name)] = total or 0
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def measure(runs: int, baseline_municipalities: int) -> int:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from laget.accounts.models import User
    from laget.analysis import compile as compile_analysis
    from laget.organisations.models import Collaboration
    from laget.reporting.models import Report
    from laget.situation import selectors

    period = compile_analysis.last_complete_period(timezone.localdate())
    collaborations = list(Collaboration.objects.select_related("municipality").order_by("pk"))
    coordinators = {
        u.username: u
        for u in User.objects.filter(
            username__startswith="bench.", username__endswith=".samordnare"
        )
    }
    sizes = dict(Report.objects.values_list("collaboration_id").annotate(n=Count("pk")).order_by())
    total = sum(sizes.values())
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0].split(" on ")[0]

    def coordinator(c: Any) -> Any:
        return coordinators[f"bench.{c.municipality.code}.samordnare"]

    def snapshot(c: Any) -> dict[str, Any]:
        return selectors.situation_snapshot(user=coordinator(c), collaboration=c, period=period)

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{server}; Python {platform.python_version()}; {os.cpu_count()} cores; load {load}")
    print(
        f"{total:,} reports in {len(collaborations)} collaborations "
        f"(median {statistics.median(sizes.values()):,.0f}, largest {max(sizes.values()):,}); "
        f"period {period.start} – {period.end}\n"
    )
    for c in collaborations:  # warm-up: connections, caches, the query plans
        snapshot(c)
    rng = random.Random(SEED)
    timings: dict[int, list[float]] = {c.pk: [] for c in collaborations}
    for _ in range(runs):
        order = collaborations[:]
        rng.shuffle(order)
        for c in order:
            t0 = time.perf_counter()
            snapshot(c)
            timings[c.pk].append((time.perf_counter() - t0) * 1000)
    every = [t for ts in timings.values() for t in ts]

    sample = sorted(collaborations, key=lambda c: sizes.get(c.pk, 0))
    step = max(1, len(sample) // baseline_municipalities)
    sample = sample[step // 2 :: step][:baseline_municipalities]
    naive: dict[int, float] = {}
    for c in sample:
        t0 = time.perf_counter()
        naive_table(coordinator(c), c, period)
        naive[c.pk] = (time.perf_counter() - t0) * 1000
    with CaptureQueriesContext(connection) as q_naive:
        naive_table(coordinator(sample[0]), sample[0], period)
    with CaptureQueriesContext(connection) as q_fast:
        snapshot(sample[0])
    queries_per_naive = len(q_naive)

    same = [statistics.median(timings[c.pk]) for c in sample]
    print(
        f"| {'method':<34} | {'municipalities':>14} | {'runs':>5} | {'queries':>7} | {'p50 ms':>8} | {'p95 ms':>8} | {'max ms':>8} | {'× naive':>8} |"
    )
    print(
        f"|{'-' * 36}|{'-' * 16}|{'-' * 7}|{'-' * 9}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|"
    )
    print(
        f"| {'situation_snapshot (all 290)':<34} | {len(collaborations):>14} | {len(every):>5} | "
        f"{len(q_fast):>7} | {statistics.median(every):>8.1f} | {percentile(every, 0.95):>8.1f} | "
        f"{max(every):>8.1f} | {'':>8} |"
    )
    print(
        f"| {'situation_snapshot (sample)':<34} | {len(sample):>14} | {len(sample) * runs:>5} | "
        f"{len(q_fast):>7} | {statistics.median(same):>8.1f} | "
        f"{percentile([t for c in sample for t in timings[c.pk]], 0.95):>8.1f} | "
        f"{max(t for c in sample for t in timings[c.pk]):>8.1f} | "
        f"{statistics.median(naive.values()) / statistics.median(same):>7.0f}× |"
    )
    print(
        f"| {'naive loop (table only, sample)':<34} | {len(sample):>14} | {len(naive):>5} | "
        f"{queries_per_naive:>7} | {statistics.median(naive.values()):>8.1f} | "
        f"{percentile(list(naive.values()), 0.95):>8.1f} | {max(naive.values()):>8.1f} | {1:>7.0f}× |"
    )
    print("\nBy size (situation_snapshot, each municipality's median of its runs):")
    ordered = sorted(collaborations, key=lambda c: sizes.get(c.pk, 0))
    for label, part in (
        ("smallest third", ordered[: len(ordered) // 3]),
        ("middle third", ordered[len(ordered) // 3 : 2 * len(ordered) // 3]),
        ("largest third", ordered[2 * len(ordered) // 3 :]),
        ("largest 10", ordered[-10:]),
    ):
        medians = [statistics.median(timings[c.pk]) for c in part]
        reports = [sizes.get(c.pk, 0) for c in part]
        print(
            f"  {label:<15} reports {min(reports):>9,}–{max(reports):>9,}: "
            f"p50 {statistics.median(medians):6.1f} ms, max {max(medians):6.1f} ms"
        )
    p95 = percentile(every, 0.95)
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"\ntarget p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict} ({p95:.1f} ms)")
    return 0 if p95 <= TARGET_P95_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-municipalities", type=int, default=10)
    parser.add_argument("--measure-only", action="store_true")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).", file=sys.stderr)
        return 2
    ensure_database(url)
    setup_django()
    from django.db import transaction

    from laget.reporting.models import Report

    if not args.measure_only and Report.objects.count() != args.reports:
        print(f"Building {args.reports:,} reports over {args.years} years …")
        t0 = time.perf_counter()
        with transaction.atomic():
            build_collaborations()
        load_reports(args.reports, args.years)
        print(f"  built in {time.perf_counter() - t0:.0f} s\n")
    return measure(args.runs, args.baseline_municipalities)


if __name__ == "__main__":
    sys.exit(main())
