"""Moving the papers models out of boards keeps the data (papers.0001, boards.0009,
papers.0002): a database that holds a published report and a pack, migrated from the state
before the move to the state after it, reads both back, and the audit entry of the report
still resolves to it. The migration executor and the ORM only, so this runs on PostgreSQL too.
"""

import importlib
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from boards.papers.models import AgendaPack, Report, ReportVersion
from corporate_parenting.models import AuditEntry

BEFORE = [("boards", "0008_pack_names_unreadable_appendix"), ("papers", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()  # the state of what is applied now
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_a_published_report_and_a_pack_survive_the_move():
    old = _migrate(BEFORE)
    with pytest.raises(LookupError):
        old.get_model("papers", "Report")
    Organisation = old.get_model("corporate_parenting", "Organisation")
    Board = old.get_model("boards", "Board")
    Meeting = old.get_model("boards", "Meeting")
    AgendaItem = old.get_model("boards", "AgendaItem")
    OldTemplate = old.get_model("boards", "ReportTemplate")
    OldTemplateSection = old.get_model("boards", "TemplateSection")
    OldReport = old.get_model("boards", "Report")
    OldSection = old.get_model("boards", "ReportSection")
    OldVersion = old.get_model("boards", "ReportVersion")
    OldPack = old.get_model("boards", "AgendaPack")
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldAuditEntry = old.get_model("corporate_parenting", "AuditEntry")

    org = Organisation.objects.create(name="Moved Council", slug="moved")
    board = Board.objects.create(organisation=org, name="Corporate Parenting Board")
    meeting = Meeting.objects.create(
        organisation=org, board=board, starts_at=datetime(2030, 3, 4, 10, tzinfo=UTC)
    )
    item = AgendaItem.objects.create(organisation=org, meeting=meeting, title="Annual report")
    template = OldTemplate.objects.create(organisation=org, name="Committee report")
    heading = OldTemplateSection.objects.create(
        organisation=org, template=template, position=1, heading="Recommendation(s)"
    )
    report = OldReport.objects.create(
        organisation=org,
        template=template,
        board=board,
        title="Annual report of the board",
        status="published",
        agenda_item=item,
    )
    OldSection.objects.create(
        organisation=org, report=report, section=heading, html="<p>To note the report.</p>"
    )
    OldVersion.objects.create(
        organisation=org, report=report, number=1, snapshot={"title": report.title}, frozen=True
    )
    pack = OldPack.objects.create(
        organisation=org, meeting=meeting, kind="public", state="ready", page_count=12
    )
    report_type, _ = OldContentType.objects.get_or_create(app_label="boards", model="report")
    entry = OldAuditEntry.objects.create(
        content_type=report_type,
        object_pk=str(report.pk),
        object_id=report.pk,
        object_repr=report.title,
        action=0,
        organisation_id=org.pk,
    )

    _migrate(None)
    ContentType.objects.clear_cache()

    moved = Report.objects.get(pk=report.pk)
    assert moved.title == "Annual report of the board"
    assert moved.status == Report.Status.PUBLISHED
    assert moved.board.name == "Corporate Parenting Board"
    assert moved.agenda_item.meeting_id == meeting.pk
    assert [(s.section.heading, s.html) for s in moved.sections.all()] == [
        ("Recommendation(s)", "<p>To note the report.</p>")
    ]
    assert ReportVersion.objects.get(report=moved).frozen
    moved_pack = AgendaPack.objects.get(pk=pack.pk)
    assert (moved_pack.meeting_id, moved_pack.state, moved_pack.page_count) == (
        meeting.pk,
        AgendaPack.State.READY,
        12,
    )
    assert list(meeting_packs(meeting.pk)) == [pack.pk]

    audit = AuditEntry.objects.get(pk=entry.pk)
    assert (audit.content_type.app_label, audit.content_type.model) == ("papers", "report")
    assert audit.content_type.model_class() is Report
    assert audit.content_type.get_object_for_this_type(pk=audit.object_id) == moved
    assert not ContentType.objects.filter(app_label="boards", model="report").exists()


def meeting_packs(meeting_id):
    from boards.models import Meeting

    return Meeting.objects.get(pk=meeting_id).packs.values_list("pk", flat=True)


@pytest.mark.django_db(transaction=True)
def test_the_content_types_go_back_when_the_move_is_reversed():
    _migrate(BEFORE)
    ContentType.objects.clear_cache()
    # The moved models' types go back (a model papers added later keeps its stale type, as
    # Django leaves any model's type when its migration is reversed).
    moved = importlib.import_module("boards.papers.migrations.0002_content_types_follow_the_models")
    assert not ContentType.objects.filter(app_label="papers", model__in=moved.MODELS).exists()
    assert ContentType.objects.filter(app_label="boards", model="agendapack").exists()
    _migrate(None)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(app_label="papers", model="agendapack").model_class() is (
        AgendaPack
    )
