import factory
from django.utils import timezone

from corporate_parenting.models import District, Invitation, Membership, Organisation, User
from corporate_parenting.roles import Role

PASSWORD = "a-long-test-password-1"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OFFICER


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation
        exclude = ["token"]

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.COUNCILLOR
    token = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(lambda o: Invitation.hash_token(o.token))
    expires = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


# Pledges ---------------------------------------------------------------------------------

from pledges.models import (  # noqa: E402
    Commitment,
    CommitmentAction,
    PledgeVersion,
    ProgressUpdate,
    Status,
    Theme,
)


class PledgeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeVersion

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Our Pledge to children in care and care leavers"
    label = factory.Sequence(lambda n: f"Version {n}")
    state = PledgeVersion.State.DRAFT

    class Params:
        adopted = factory.Trait(
            state=PledgeVersion.State.ADOPTED,
            adopted_on=factory.LazyFunction(
                lambda: timezone.localdate() - timezone.timedelta(days=400)
            ),
            adopted_by="Full Council",
        )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    version = factory.SubFactory(PledgeVersionFactory)
    organisation = factory.SelfAttribute("version.organisation")
    title = factory.Sequence(lambda n: f"Theme {n}")
    lead_in = "We will"
    # Small, as a form takes it (0-999): a session creates thousands of these.
    position = factory.Sequence(lambda n: n % 1000)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    theme = factory.SubFactory(ThemeFactory)
    organisation = factory.SelfAttribute("theme.organisation")
    wording = factory.Sequence(lambda n: f"We will keep promise number {n}")
    young_people_wording = factory.Sequence(lambda n: f"Promise {n} in plain words")
    # Small, as a form takes it (0-999): a session creates thousands of these.
    position = factory.Sequence(lambda n: n % 1000)


class CommitmentActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentAction

    commitment = factory.SubFactory(CommitmentFactory)
    organisation = factory.SelfAttribute("commitment.organisation")
    description = "Run a workshop with the Children in Care Council"
    owner = "Participation team"
    timeline = "By March"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """Approved by default: only approved updates count towards a status."""

    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    organisation = factory.SelfAttribute("commitment.organisation")
    as_of = factory.LazyFunction(timezone.localdate)
    status = Status.ON_TRACK
    narrative = "Board narrative with the figures."
    public_summary = "What we did, in plain words."
    state = ProgressUpdate.State.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


# Boards ----------------------------------------------------------------------------------

from boards.models import (  # noqa: E402
    Action,
    AgendaItem,
    Board,
    BoardMember,
    Meeting,
    Minute,
    Resolution,
    RollingItem,
    WorkProgrammeEntry,
)


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Corporate Parenting Board"
    parent_body = "a sub-committee of the Children and Families Advisory Panel"
    usual_venue = "Council Chamber"
    enquiries_contact = "members.services@example.org"


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("board.organisation")
    name = factory.Faker("name", locale="en_GB")
    kind = BoardMember.Kind.COUNCILLOR
    role = BoardMember.Role.MEMBER
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=700))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("board.organisation")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=30))
    venue = "Council Chamber"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.SelfAttribute("meeting.organisation")
    # Small, as a form takes it (0-999): a session creates thousands of these.
    position = factory.Sequence(lambda n: n % 1000)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = "To receive a report from the Director of Children's Services."


class MinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minute

    item = factory.SubFactory(AgendaItemFactory)
    organisation = factory.SelfAttribute("item.organisation")
    text = "The Board received the report."


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    minute = factory.SubFactory(MinuteFactory)
    organisation = factory.SelfAttribute("minute.organisation")
    text = "That the Board notes the report."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    board = factory.SelfAttribute("meeting.board")
    organisation = factory.SelfAttribute("meeting.organisation")
    description = "The Chair to write to the young people to thank them."
    owner_name = "The Chair"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=14))


class RollingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RollingItem

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("board.organisation")
    title = "Six-monthly update on the Care Leavers Service"
    cycle_months = 6
    starts_on = factory.LazyFunction(timezone.localdate)


class WorkProgrammeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProgrammeEntry

    board = factory.SubFactory(BoardFactory)
    organisation = factory.SelfAttribute("board.organisation")
    kind = WorkProgrammeEntry.Kind.ONE_OFF
    title = "Annual report of the Virtual School"


# Board reports ---------------------------------------------------------------------------

from boards.papers.models import Report, ReportTemplate, TemplateSection  # noqa: E402


class ReportTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Committee report {n}")
    header_fields = factory.LazyFunction(lambda: [key for key, _ in ReportTemplate.HEADER_FIELDS])


class TemplateSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateSection

    template = factory.SubFactory(ReportTemplateFactory)
    organisation = factory.SelfAttribute("template.organisation")
    # Small, as a form takes it (0-999): a session creates thousands of these.
    position = factory.Sequence(lambda n: n % 1000)
    heading = factory.Sequence(lambda n: f"Section {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    template = factory.SubFactory(ReportTemplateFactory)
    organisation = factory.SelfAttribute("template.organisation")
    title = factory.Sequence(lambda n: f"Pledge progress report {n}")
    report_from = "Director of Children's Services"


def frozen_version(report, html: str, *, heading: str = "Summary"):
    """A frozen version of a published report with one section of `html`, as publishing
    writes it: what a pack prints."""
    from boards.papers.models import ReportVersion

    return ReportVersion.objects.create(
        organisation=report.organisation,
        report=report,
        number=report.versions.count() + 1,
        frozen=True,
        snapshot={
            "header": {"title": report.title},
            "sections": [{"heading": heading, "numbered": True, "html": html}],
            "young_people_summary": "",
        },
    )


# Uploaded files ---------------------------------------------------------------------------


def pdf_bytes(pages: int = 1) -> bytes:
    """A real (blank) PDF that pikepdf opens."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def docx_bytes(*, padding: int = 0) -> bytes:
    """A zip with the members a Word document needs; `padding` bytes of zeros in one member
    (compressed a thousandfold: a zip bomb when large)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
        if padding:
            archive.writestr("word/media/padding.bin", b"\0" * padding)
    return buffer.getvalue()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return buffer.getvalue()
