"""Board papers move out of boards into this app, in Django's state only: each model keeps its
boards_... table (db_table), so no row moves. boards.0009 then forgets them on its side, and
papers.0002 renames their content types so audit entries still point at their objects."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('boards', '0008_pack_names_unreadable_appendix'),
        ('corporate_parenting', '0002_drop_unused_auditlog_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app owns them moves.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300)),
                        ('reference', models.CharField(blank=True, max_length=60)),
                        ('report_from', models.CharField(blank=True, max_length=200)),
                        ('contact_name', models.CharField(blank=True, max_length=150)),
                        ('telephone', models.CharField(blank=True, max_length=40)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for clearance'), ('changes_requested', 'Changes requested'), ('cleared', 'Cleared'), ('published', 'Published')], default='draft', max_length=20)),
                        ('exempt', models.BooleanField(default=False)),
                        ('exempt_paragraph', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1. Information relating to any individual'), (2, '2. Information likely to reveal the identity of an individual'), (3, '3. Financial or business affairs of any particular person'), (4, '4. Consultations or negotiations on labour relations'), (5, '5. Legal professional privilege'), (6, '6. Notices, orders or directions under an enactment'), (7, '7. Prevention, investigation or prosecution of crime')], null=True)),
                        ('young_people_summary', models.TextField(blank=True)),
                        ('revision', models.PositiveIntegerField(default=0, help_text='Goes up at every save: a save based on an older one is refused.')),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('updated', models.DateTimeField(auto_now=True)),
                        ('agenda_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='report', to='boards.agendaitem')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('board', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='boards.board')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                    ],
                    options={
                        'db_table': 'boards_report',
                        'ordering': ['-updated'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportAppendix',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('title', models.CharField(max_length=200)),
                        ('file', models.FileField(blank=True, upload_to='report-appendices/%Y/')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('other_report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appended_to', to='papers.report')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appendices', to='papers.report')),
                    ],
                    options={
                        'verbose_name_plural': 'report appendices',
                        'db_table': 'boards_reportappendix',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('version_number', models.PositiveIntegerField(blank=True, null=True)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='papers.report')),
                    ],
                    options={
                        'db_table': 'boards_reportcomment',
                        'ordering': ['created'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='e.g. "Hampshire committee report"', max_length=200)),
                        ('header_fields', models.JSONField(blank=True, default=list, help_text='Which header lines the report shows, in order.')),
                        ('requires_young_people_summary', models.BooleanField(default=False, verbose_name='Needs a summary in plain words for young people')),
                        ('number_paragraphs', models.BooleanField(default=True, verbose_name='Number paragraphs (1.1, 1.2 ...)')),
                        ('active', models.BooleanField(default=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_templates', to='corporate_parenting.organisation')),
                    ],
                    options={
                        'db_table': 'boards_reporttemplate',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='report',
                    name='template',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='papers.reporttemplate'),
                ),
                migrations.CreateModel(
                    name='TemplateSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('heading', models.CharField(help_text='e.g. "Recommendation(s)"', max_length=200)),
                        ('guidance', models.TextField(blank=True, help_text='What authors should write here.')),
                        ('required', models.BooleanField(default=False)),
                        ('numbered', models.BooleanField(default=True, help_text='Counts in the 1, 2, 3 numbering of sections and paragraphs.')),
                        ('default_text', models.TextField(blank=True, help_text='Starting wording, e.g. the Section 100D paragraph (HTML).')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='papers.reporttemplate')),
                    ],
                    options={
                        'db_table': 'boards_templatesection',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PaperRendering',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=64)),
                        ('pdf', models.FileField(upload_to='agenda-packs/pieces/%Y/')),
                        ('page_count', models.PositiveIntegerField()),
                        ('bookmarks', models.JSONField(blank=True, default=list)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('used_at', models.DateTimeField(auto_now=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                    ],
                    options={
                        'db_table': 'boards_paperrendering',
                        'constraints': [models.UniqueConstraint(fields=('organisation', 'key'), name='one_rendering_per_key')],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaPack',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('public', 'Public pack'), ('members', "Members' pack (with exempt papers)")], max_length=10)),
                        ('supplement', models.PositiveSmallIntegerField(default=0)),
                        ('edition', models.PositiveSmallIntegerField(default=1)),
                        ('state', models.CharField(choices=[('queued', 'Queued'), ('rendering', 'Rendering'), ('ready', 'Ready'), ('failed', 'Failed'), ('superseded', 'Superseded')], default='queued', max_length=12)),
                        ('pdf', models.FileField(blank=True, upload_to='agenda-packs/%Y/')),
                        ('page_count', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('items', models.JSONField(blank=True, default=list)),
                        ('untagged', models.JSONField(blank=True, default=list)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='packs', to='boards.meeting')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unreadable_appendix', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='papers.reportappendix')),
                    ],
                    options={
                        'db_table': 'boards_agendapack',
                        'ordering': ['-created'],
                        'constraints': [models.UniqueConstraint(fields=('meeting', 'kind', 'supplement', 'edition'), name='one_pack_per_meeting_kind_supplement_edition')],
                    },
                ),
                migrations.CreateModel(
                    name='ReportVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('saved_at', models.DateTimeField(auto_now_add=True)),
                        ('snapshot', models.JSONField(help_text='Header, sections (heading and HTML) and summary.')),
                        ('frozen', models.BooleanField(default=False, help_text='The published text, data frozen')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='papers.report')),
                        ('saved_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'boards_reportversion',
                        'ordering': ['-number'],
                        'constraints': [models.UniqueConstraint(fields=('report', 'number'), name='one_report_version_number')],
                    },
                ),
                migrations.CreateModel(
                    name='ReportSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('html', models.TextField(blank=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='corporate_parenting.organisation')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='papers.report')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='papers.templatesection')),
                    ],
                    options={
                        'db_table': 'boards_reportsection',
                        'ordering': ['section__position', 'section_id'],
                        'constraints': [models.UniqueConstraint(fields=('report', 'section'), name='one_text_per_section')],
                    },
                ),
            ],
        ),
    ]
