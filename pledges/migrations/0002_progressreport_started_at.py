# The progress report moves onto the PDF pipeline's RenderJob (corporate_parenting/pdf/jobs.py),
# which records when a render was claimed. Existing reports keep every value; their
# started_at stays empty (a report still rendering from before counts from `created`).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
