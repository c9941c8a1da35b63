"""The board papers models now live in boards.papers (papers.0001 took them over in state, with
their tables): boards forgets them, in state only. No table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0008_pack_names_unreadable_appendix'),
        ('papers', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them moves.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='paperrendering',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='agenda_item',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='board',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='template',
                ),
                migrations.RemoveField(
                    model_name='reportcomment',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportsection',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportappendix',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportappendix',
                    name='other_report',
                ),
                migrations.RemoveField(
                    model_name='reportversion',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportappendix',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='reportcomment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='reportcomment',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='reportsection',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='reportsection',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='reporttemplate',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='templatesection',
                    name='template',
                ),
                migrations.RemoveField(
                    model_name='reportversion',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='reportversion',
                    name='saved_by',
                ),
                migrations.RemoveField(
                    model_name='templatesection',
                    name='organisation',
                ),
                migrations.DeleteModel(
                    name='AgendaPack',
                ),
                migrations.DeleteModel(
                    name='PaperRendering',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='ReportAppendix',
                ),
                migrations.DeleteModel(
                    name='ReportComment',
                ),
                migrations.DeleteModel(
                    name='ReportSection',
                ),
                migrations.DeleteModel(
                    name='ReportTemplate',
                ),
                migrations.DeleteModel(
                    name='ReportVersion',
                ),
                migrations.DeleteModel(
                    name='TemplateSection',
                ),
            ],
        ),
    ]
