# Two-step audit entries: recorded with the hash of their content, sealed into the chain after
# their transaction commits (laget/audit/chain.py explains the hashes).

from django.db import migrations, models

#: Seals every committed, unsealed entry in id order under the head's row lock; returns how
#: many. ``asynchronous``: commit without waiting for the WAL flush (only when called outside
#: a transaction: the sealed entries are durable already and a lost seal is simply redone).
SEAL_FUNCTION = """
CREATE OR REPLACE FUNCTION laget_audit_seal(asynchronous boolean DEFAULT false)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    head_hash text;
    head_count bigint;
    next_hash text;
    pending record;
    sealed integer := 0;
BEGIN
    -- Nothing to do: answer without locking (and so without writing) anything.
    IF NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE seq IS NULL) THEN
        RETURN 0;
    END IF;
    IF asynchronous THEN
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    SELECT last_hash, count INTO head_hash, head_count
        FROM audit_audithead WHERE id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO audit_audithead (id, last_hash, count) VALUES (1, repeat('0', 64), 0)
            ON CONFLICT (id) DO NOTHING;
        SELECT last_hash, count INTO head_hash, head_count
            FROM audit_audithead WHERE id = 1 FOR UPDATE;
    END IF;
    -- A new snapshot, taken after the lock: it sees everything earlier sealers committed.
    FOR pending IN
        SELECT id, content_hash FROM audit_auditentry WHERE seq IS NULL ORDER BY id
    LOOP
        head_count := head_count + 1;
        next_hash := encode(sha256(convert_to(head_hash || pending.content_hash, 'UTF8')), 'hex');
        UPDATE audit_auditentry SET seq = head_count, prev_hash = head_hash, hash = next_hash
            WHERE id = pending.id;
        head_hash := next_hash;
        sealed := sealed + 1;
    END LOOP;
    IF sealed > 0 THEN
        UPDATE audit_audithead SET last_hash = head_hash, count = head_count WHERE id = 1;
    END IF;
    RETURN sealed;
END
$$;
"""


def number_existing_entries(apps, schema_editor):
    """Entries written so far are chained in id order: that order becomes their ``seq``."""
    table = apps.get_model("audit", "AuditEntry")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET seq = numbered.n FROM (SELECT id, row_number() OVER "
                f"(ORDER BY id) AS n FROM {table}) AS numbered WHERE {table}.id = numbered.id"
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET seq = (SELECT COUNT(*) FROM {table} AS earlier "
                f"WHERE earlier.id <= {table}.id)"
            )


def create_seal_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEAL_FUNCTION)


def drop_seal_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS laget_audit_seal(boolean)")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='content_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(number_existing_entries, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_entry_unsealed'),
        ),
        migrations.RunPython(create_seal_function, drop_seal_function),
    ]
