"""The open-data JSON API: read-only, no sign-in, one organisation by its slug in the path.

It serves the same public records as the public pages (boards/public_records.py): published
meetings, their agendas without exempt items, and minutes, attendance and decisions once the
minutes are published. The OpenAPI schema is at /api/v1/schema/.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.permissions import AllowAny

from ..public_records import (
    meeting_record,
    meeting_summary,
    public_meetings,
    public_resolutions,
)
from ..serializers import DecisionSerializer, MeetingDetailSerializer, MeetingSerializer
from .public import organisation_for

NOT_FOUND = OpenApiResponse(description="No such organisation, or no such public meeting.")


class PublicAPIView(generics.GenericAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def organisation(self):
        if not hasattr(self, "_organisation"):
            self._organisation = organisation_for(self.kwargs["org_slug"])
        return self._organisation


@extend_schema(
    summary="Published meetings",
    description="Meetings whose agenda is published (and those cancelled after publishing), "
    "newest first.",
    responses={200: MeetingSerializer(many=True), 404: NOT_FOUND},
)
class MeetingList(PublicAPIView, generics.ListAPIView):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return public_meetings(self.organisation()).order_by("-starts_at", "-pk")

    def list(self, request, *args, **kwargs):
        organisation = self.organisation()
        page = self.paginate_queryset(self.get_queryset())
        rows = [meeting_summary(meeting, organisation) for meeting in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


@extend_schema(
    summary="One published meeting",
    description="The notice, the agenda without exempt items (each exempt item is listed in "
    "exempt_items by its Schedule 12A paragraph only) and, once published, the minutes, "
    "attendance, declarations and resolutions.",
    responses={200: MeetingDetailSerializer, 404: NOT_FOUND},
)
class MeetingDetail(PublicAPIView, generics.RetrieveAPIView):
    serializer_class = MeetingDetailSerializer

    def get_queryset(self):
        return public_meetings(self.organisation())

    def get_object(self):
        meeting = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return meeting_record(meeting, self.organisation())


@extend_schema(
    summary="Decisions",
    description="Resolutions in published minutes, newest meeting first; none of an exempt item.",
    responses={200: DecisionSerializer(many=True), 404: NOT_FOUND},
)
class DecisionList(PublicAPIView, generics.ListAPIView):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        return public_resolutions(self.organisation())


meetings = login_not_required(MeetingList.as_view())
meeting = login_not_required(MeetingDetail.as_view())
decisions = login_not_required(DecisionList.as_view())
schema = login_not_required(
    SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny])
)
