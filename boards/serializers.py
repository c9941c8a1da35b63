"""Serializers of the open-data JSON API (views/api.py).

They read the plain public records built in boards/public_records.py, never a model instance, so
whatever the public may not see (exempt items, unpublished minutes, co-opted members' names)
is already gone before anything is serialized.

Exempt items: they are left out of "items" entirely. The meeting says only how many there
were and under which paragraph of Schedule 12A ("exempt_items": [{"paragraph": 1}]), never
their title, purpose, number, minute, resolutions or declarations.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from corporate_parenting.dates import local

from .models import AgendaItem, Attendance, BoardMember, Declaration, Meeting

MINUTES_STATUSES = [("none", "Not published"), ("draft", "Draft"), ("approved", "Approved")]
PUBLIC_MEETING_STATUSES = [c for c in Meeting.Status.choices if c[0] != Meeting.Status.SCHEDULED]


def _inline_enum(choices, description):
    """A string field with its enum inline in the schema (no shared, colliding enum names)."""

    @extend_schema_field(
        {"type": "string", "enum": [value for value, _ in choices], "description": description}
    )
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    return Field


MinutesStatusField = _inline_enum(
    MINUTES_STATUSES, "none (not published), draft (not yet approved) or approved"
)


class MomentField(serializers.DateTimeField):
    """ISO 8601 in local time; in UTC where local time would overflow (year 1, year 9999), so
    any date stored still serializes."""

    def enforce_timezone(self, value):
        if timezone.is_aware(value):
            return local(value)
        return super().enforce_timezone(value)


class DeclarationSerializer(serializers.Serializer):
    member = serializers.CharField(
        help_text="The member's name; a co-opted member is never named, but called what "
        'the board chose, e.g. "a co-opted member".'
    )
    kind = serializers.ChoiceField(choices=Declaration.Kind.choices)
    kind_label = serializers.CharField()
    words = serializers.CharField()


class MinuteSerializer(serializers.Serializer):
    number = serializers.IntegerField(allow_null=True, help_text="Continuous across meetings.")
    text = serializers.CharField(allow_blank=True)
    resolutions = serializers.ListField(
        child=serializers.CharField(), help_text='Each printed as "Resolved: ..."'
    )


class AgendaItemSerializer(serializers.Serializer):
    number = serializers.CharField(allow_blank=True, help_text='As printed, e.g. "6a".')
    title = serializers.CharField()
    purpose = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    kind_label = serializers.CharField()
    presenter = serializers.CharField(allow_blank=True)
    minute = MinuteSerializer(
        allow_null=True, help_text="Null until the meeting's minutes are published."
    )
    declarations = DeclarationSerializer(many=True)


class ExemptItemSerializer(serializers.Serializer):
    paragraph = serializers.IntegerField(
        allow_null=True,
        help_text="The paragraph of Schedule 12A under which the public were excluded.",
    )


class AttendanceSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text="The member's name; a co-opted member is never named, but called what "
        'the board chose, e.g. "a co-opted member".'
    )
    kind = serializers.ChoiceField(choices=BoardMember.Kind.choices)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    substitute_for = serializers.CharField(allow_blank=True)


class PresentRowSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As the public may read it (co-opted members unnamed).")
    present = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, help_text='e.g. "Vice-chair"')


class PresentGroupSerializer(serializers.Serializer):
    heading = serializers.CharField(
        allow_blank=True, help_text='"Chair", "" (the other councillors), "Co-opted members" ...'
    )
    rows = PresentRowSerializer(many=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    board_id = serializers.IntegerField()
    board = serializers.CharField()
    starts_at = MomentField()
    ends_at = MomentField(allow_null=True)
    venue = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=PUBLIC_MEETING_STATUSES)
    cancelled = serializers.BooleanField()
    agenda_published_at = MomentField(allow_null=True)
    minutes_published_at = MomentField(allow_null=True)
    minutes_status = MinutesStatusField()
    url = serializers.SerializerMethodField(help_text="The meeting's public page.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, meeting):
        request = self.context.get("request")
        return request.build_absolute_uri(meeting.url) if request else meeting.url


class MeetingDetailSerializer(MeetingSerializer):
    parent_body = serializers.CharField(allow_blank=True)
    enquiries_contact = serializers.CharField(allow_blank=True)
    items = AgendaItemSerializer(
        many=True, source="agenda_items", help_text="The agenda, in order; no exempt item."
    )
    exempt_items = ExemptItemSerializer(
        many=True, help_text="One entry per exempt item: its paragraph, nothing else."
    )
    attendance = AttendanceSerializer(
        many=True, help_text="Empty until the meeting's minutes are published."
    )
    declarations = DeclarationSerializer(
        many=True, help_text="Declarations not about any one item, once minutes are published."
    )
    present = PresentGroupSerializer(
        many=True,
        help_text="The present list as the minutes print it: the Chair, the councillors, the "
        "co-opted members (absent ones listed too), then those also present. Empty until the "
        "minutes are published.",
    )
    minutes_approved_on = MomentField(
        allow_null=True, help_text="When the meeting at which the minutes were approved began."
    )


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField(help_text='The decision, printed as "Resolved: ..."')
    minute_number = serializers.IntegerField(source="minute.number", allow_null=True)
    item_title = serializers.CharField(source="minute.item.title")
    meeting_id = serializers.IntegerField(source="minute.item.meeting.pk")
    meeting_date = serializers.SerializerMethodField()
    board = serializers.CharField(source="minute.item.meeting.board.name")
    minutes_status = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_meeting_date(self, resolution):
        return local(resolution.minute.item.meeting.starts_at).date().isoformat()

    @extend_schema_field(MinutesStatusField())
    def get_minutes_status(self, resolution):
        meeting = resolution.minute.item.meeting
        return "approved" if meeting.status == Meeting.Status.MINUTES_APPROVED else "draft"
