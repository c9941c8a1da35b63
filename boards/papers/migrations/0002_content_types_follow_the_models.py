"""The moved models' content types follow them from boards to papers, so audit entries (which
name their object by content type and id) and permissions still point at the same rows.

Where the target already exists (a database where papers' content types were made before this
ran), the entries and permissions of the old one move onto it and the old one goes; a content
type is never deleted while audit entries point at it.
"""

from django.conf import settings
from django.db import migrations

MODELS = [
    "reporttemplate",
    "templatesection",
    "report",
    "reportsection",
    "reportversion",
    "reportcomment",
    "reportappendix",
    "agendapack",
    "paperrendering",
]


def _move(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    AuditEntry = apps.get_model(*settings.AUDITLOG_LOGENTRY_MODEL.split("."))
    for model in MODELS:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        AuditEntry.objects.filter(content_type=old).update(content_type=new)
        taken = set(Permission.objects.filter(content_type=new).values_list("codename", flat=True))
        Permission.objects.filter(content_type=old).exclude(codename__in=taken).update(
            content_type=new
        )
        old.delete()


def forwards(apps, schema_editor):
    _move(apps, "boards", "papers")


def backwards(apps, schema_editor):
    _move(apps, "papers", "boards")


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0001_initial"),
        ("boards", "0009_move_papers_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("corporate_parenting", "0002_drop_unused_auditlog_table"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
