"""The regional layer at national scale (issue 7). Targets: the county overview and the regional
lägesbild of the largest county (Västra Götaland, 49 municipalities) p95 ≤ 300 ms; a national
comparison (290 municipalities × all categories × 52 weeks, counts and rates per 100 000) from
the compact shared-figure table faster than DuckDB scanning the raw reports for the same answer.

Data: the lägesbild benchmark's synthetic national set (``bench/compile_situation.py``, imported
here: same generator, same seed, same database ``laget_bench_situation``), built when missing or
of another size (``--reports``, 10 million by default; ``--reports 1000000`` for a quick run).
Then, untimed, every municipality is treated as having shared every week of the last two years:
``regional.SharedFigure`` is filled with one row per municipality, category key and week
(``INSERT … SELECT … GROUP BY`` in PostgreSQL, from reports of the classes *öppen* and
*samverkansparter*, duplicates once — what ``regional.services.picture_share`` stores), a
regional coordinator for Västra Götaland is created, and a synthetic population (seeded,
log-normal around 36 000) is given to every municipality. The raw reports are exported once,
untimed, to Parquet for DuckDB (report rows plus the category-key and municipality lookups).

Measured (``--runs`` times after one warm-up, wall-clock in this process):

* county overview – ``regional.selectors.county_overview`` for Västra Götaland, as the page
  runs it (the Lag 2023:196 state of every municipality).
* regional lägesbild – ``regional.selectors.regional_snapshot`` for the last complete quarter
  (the query over SharedFigure plus the pure analysis: trends, suppression, rates).
* national comparison – ``regional.selectors.national_comparison`` over the last 52 weeks
  (one aggregate over SharedFigure), against DuckDB computing the same counts and rates from the
  Parquet export of the raw reports (joins and the group-by included). Both answers are
  compared: every count equal, every rate equal to 1e-9.

Run::

    pip install -e .[bench]                     # DuckDB
    .venv/bin/python bench/regional.py --reports 1000000
    .venv/bin/python bench/regional.py          # the full 10 million reports
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
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import compile_situation as situation_bench  # noqa: E402  (sets DATABASE_URL, sys.path)

SEED = 20261123
TARGET_P95_MS = 300.0
LARGEST_COUNTY = "14"  # Västra Götalands län, 49 municipalities
SHARED_WEEKS = 104
COMPARISON_WEEKS = 52

SHARE_SQL = """
INSERT INTO regional_sharedfigure
    (county_id, municipality_id, picture_id, category_key, category_label, week_start, count)
SELECT m.county_id, m.id, NULL, c.key, MIN(c.name), r.period_start, SUM(r.count)
FROM reporting_report r
JOIN reporting_category c ON c.id = r.category_id
JOIN organisations_collaboration o ON o.id = r.collaboration_id
JOIN geography_municipality m ON m.id = o.municipality_id
WHERE r.duplicate_of_id IS NULL
  AND r.info_class IN ('public', 'partners')
  AND r.period_start >= %(first)s
GROUP BY m.county_id, m.id, c.key, r.period_start
"""


def share_everything() -> int:
    """Fill SharedFigure as if every municipality had shared every week (untimed)."""
    from django.db import connection, transaction

    first = datetime.date.today() - datetime.timedelta(weeks=SHARED_WEEKS)
    first -= datetime.timedelta(days=first.weekday())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM regional_sharedfigure")
        cursor.execute(SHARE_SQL, {"first": first})
        rows = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE regional_sharedfigure")
    return rows


def regional_officer(code: str) -> Any:
    from laget.accounts.models import User
    from laget.geography.models import County
    from laget.organisations.choices import Role
    from laget.organisations.models import Membership, Organisation

    county = County.objects.get(code=code)
    user, _created = User.objects.get_or_create(
        username=f"bench.regional.{code}", defaults={"first_name": "Bench", "last_name": "Län"}
    )
    organisation, _created = Organisation.objects.get_or_create(
        name=f"Länsstyrelsen {county.name} (bench)", defaults={"kind": "lansstyrelse"}
    )
    Membership.objects.get_or_create(
        user=user,
        county=county,
        role=Role.REGIONAL_COORDINATOR,
        defaults={"organisation": organisation, "is_active": True},
    )
    return User.objects.get(pk=user.pk), county


def synthetic_population() -> dict[int, int]:
    from laget.geography.models import Municipality

    rng = random.Random(SEED)
    return {
        pk: max(2_500, round(36_000 * math.exp(rng.gauss(0, 0.9))))
        for pk in Municipality.objects.order_by("pk").values_list("pk", flat=True)
    }


def export_parquet(directory: Path) -> dict[str, Path]:
    """The raw reports and the lookups as Parquet for DuckDB (untimed): PostgreSQL's COPY writes
    CSV, DuckDB turns each file into Parquet."""
    import duckdb
    from django.db import connection

    queries = {
        "reports": "SELECT collaboration_id, category_id, period_start, count, info_class, "
        "(duplicate_of_id IS NOT NULL) AS is_duplicate FROM reporting_report",
        "category": "SELECT id, key FROM reporting_category",
        "collab": "SELECT id, municipality_id FROM organisations_collaboration",
    }
    paths = {}
    con = duckdb.connect()
    for name, query in queries.items():
        csv_path = directory / f"{name}.csv"
        sql = f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)"
        with (
            connection.cursor() as cursor,
            csv_path.open("wb") as out,
            cursor.copy(sql) as copy,
        ):
            for data in copy:
                out.write(data)
        paths[name] = directory / f"{name}.parquet"
        con.execute(
            f"COPY (SELECT * FROM read_csv_auto('{csv_path}', header = true)) "  # noqa: S608
            f"TO '{paths[name]}' (FORMAT PARQUET)"
        )
        csv_path.unlink()
    con.close()
    return paths


DUCKDB_SQL = """
SELECT l.municipality_id, c.key, SUM(r.count)::BIGINT AS n,
       SUM(r.count) * 100000.0 / p.population AS rate
FROM read_parquet('{reports}') r
JOIN read_parquet('{category}') c ON c.id = r.category_id
JOIN read_parquet('{collab}') l ON l.id = r.collaboration_id
LEFT JOIN population p ON p.municipality_id = l.municipality_id
WHERE NOT r.is_duplicate AND r.info_class IN ('public', 'partners')
  AND r.period_start BETWEEN ? AND ?
GROUP BY l.municipality_id, c.key, p.population
ORDER BY l.municipality_id, c.key
"""


def percentile(values: list[float], q: float) -> float:
    return situation_bench.percentile(values, q)


def timed(fn: Any, runs: int) -> tuple[list[float], Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def row(name: str, times: list[float]) -> str:
    return (
        f"{name:<38} {statistics.median(times):>9.1f} {percentile(times, 0.95):>9.1f} "
        f"{max(times):>9.1f}"
    )


def measure(runs: int) -> int:
    import duckdb
    from django.utils import timezone

    from laget.analysis import regional as analysis
    from laget.regional import selectors

    user, county = regional_officer(LARGEST_COUNTY)
    population = synthetic_population()
    municipalities = county.municipalities.count()
    period = analysis.last_complete_period(timezone.localdate(), analysis.QUARTER)
    print(f"PostgreSQL + Django on {platform.node()} ({platform.python_version()}); {runs} runs")
    print(f"county {county.name}: {municipalities} municipalities; quarter {period.start}")

    def overview() -> Any:
        return selectors.county_overview(user=user, county=county)

    def regional() -> Any:
        return selectors.regional_snapshot(user=user, county=county, period=period)

    overview_times, rows = timed(overview, runs)
    regional_times, snapshot = timed(regional, runs)
    assert len(rows) == municipalities
    assert len(snapshot["shared"]) == municipalities, "every municipality shared"

    end = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 1)
    start = end - datetime.timedelta(weeks=COMPARISON_WEEKS) + datetime.timedelta(days=1)

    def shared_figures() -> Any:
        return selectors.national_comparison(start=start, end=end, population=population)

    with tempfile.TemporaryDirectory(prefix="laget-bench-regional-") as tmp:
        t0 = time.perf_counter()
        paths = export_parquet(Path(tmp))
        print(f"raw reports exported to Parquet in {time.perf_counter() - t0:.1f} s (untimed)")
        con = duckdb.connect()
        con.execute("CREATE TABLE population (municipality_id INT, population BIGINT)")
        con.executemany("INSERT INTO population VALUES (?, ?)", list(population.items()))
        query = DUCKDB_SQL.format(**{k: str(v) for k, v in paths.items()})

        def duck() -> Any:
            return con.execute(query, [start, end]).fetchall()

        compact_times, compact = timed(shared_figures, runs)
        duck_times, raw = timed(duck, runs)
        con.close()
    mismatches = 0
    ours = {(m, k): (n, r) for m, k, n, r in compact}
    theirs = {(m, k): (n, r) for m, k, n, r in raw}
    if ours.keys() != theirs.keys():
        mismatches += len(ours.keys() ^ theirs.keys())
    for key in ours.keys() & theirs.keys():
        (n1, r1), (n2, r2) = ours[key], theirs[key]
        if n1 != n2 or not math.isclose(r1, r2, rel_tol=1e-9):
            mismatches += 1
    cells = len(ours)
    print(
        f"national comparison {start} – {end}: {cells} municipality × category cells, "
        f"{sum(n for n, _r in ours.values()):,} reports; answers "
        f"{'equal' if not mismatches else f'DIFFER in {mismatches} cells'}"
    )
    print(f"\n{'method':<38} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    print(row("county overview (49 municipalities)", overview_times))
    print(row("regional lägesbild (quarter)", regional_times))
    print(row("national comparison: SharedFigure", compact_times))
    print(row("national comparison: DuckDB raw", duck_times))
    ratio = statistics.median(duck_times) / statistics.median(compact_times)
    print(f"\nSharedFigure vs DuckDB (p50): {ratio:.1f}× {'faster' if ratio > 1 else 'slower'}")
    ok = True
    for name, times in (("county overview", overview_times), ("regional", regional_times)):
        p95 = percentile(times, 0.95)
        verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
        ok &= p95 <= TARGET_P95_MS
        print(f"target {name} p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict} ({p95:.1f} ms)")
    faster = statistics.median(compact_times) < statistics.median(duck_times)
    print(f"target national comparison faster than DuckDB: {'met' if faster else 'MISSED'}")
    return 0 if ok and faster and not mismatches else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--measure-only", action="store_true")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).", file=sys.stderr)
        return 2
    try:
        import duckdb  # noqa: F401
    except ImportError:
        print("DuckDB is missing: pip install -e .[bench]", file=sys.stderr)
        return 2
    situation_bench.ensure_database(url)
    situation_bench.setup_django()
    from django.db import transaction

    from laget.regional.models import SharedFigure
    from laget.reporting.models import Report

    if not args.measure_only and Report.objects.count() != args.reports:
        print(f"Building {args.reports:,} reports over {args.years} years …")
        t0 = time.perf_counter()
        with transaction.atomic():
            situation_bench.build_collaborations()
        situation_bench.load_reports(args.reports, args.years)
        print(f"  built in {time.perf_counter() - t0:.0f} s")
        SharedFigure.objects.all().delete()
    if not args.measure_only or not SharedFigure.objects.exists():
        t0 = time.perf_counter()
        rows = share_everything()
        print(f"{rows:,} shared figures derived in {time.perf_counter() - t0:.1f} s (untimed)\n")
    return measure(args.runs)


if __name__ == "__main__":
    sys.exit(main())
