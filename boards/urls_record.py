"""URLs of the record area (boards/views/record.py), included in boards/urls.py."""

from django.urls import path

from .views import record

urlpatterns = [
    path("meetings/<int:pk>/attendance/", record.attendance, name="attendance"),
    path("meetings/<int:pk>/held/", record.meeting_held, name="meeting_held"),
    path("members/<int:pk>/attendance/", record.member_attendance, name="member_attendance"),
    path("my-attendance/", record.my_attendance, name="my_attendance"),
    path(
        "meetings/<int:pk>/declarations/new/",
        record.declaration_create,
        name="declaration_create",
    ),
    path("declarations/<int:pk>/delete/", record.declaration_delete, name="declaration_delete"),
    path("meetings/<int:pk>/minutes/", record.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/approve/", record.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/minutes/publish/", record.minutes_publish, name="minutes_publish"),
    path("minutes/<int:pk>/correct/", record.minute_correct, name="minute_correct"),
]
