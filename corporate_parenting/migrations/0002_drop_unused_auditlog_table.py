"""Drop django-auditlog's own entry table, which we never use.

AUDITLOG_LOGENTRY_MODEL swaps in AuditEntry, but django-auditlog 3.4's migrations still
create `auditlog_logentry`. That table references the user table without being one Django
flushes, so PostgreSQL refuses the TRUNCATE that `flush` (and every transactional test) runs.
Upstream: jazzband/django-auditlog#804, fixed by #805 after 3.4.1. The table is only dropped
while it is empty, so no record can be lost.
"""

from django.db import migrations

TABLE = "auditlog_logentry"


def drop_if_empty(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    quoted = schema_editor.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a fixed table name
        if cursor.fetchone()[0]:
            raise RuntimeError(f"{TABLE} holds entries: move them to AuditEntry before migrating.")
        cursor.execute(f"DROP TABLE {quoted}")


class Migration(migrations.Migration):
    dependencies = [
        ("corporate_parenting", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop_if_empty, migrations.RunPython.noop, elidable=False)]
