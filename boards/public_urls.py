"""Public meeting pages, calendars and feeds, under /p/<org_slug>/meetings/ (views/public.py)."""

from django.urls import path

from .views import public

app_name = "boards_public"

urlpatterns = [
    path("", public.meetings, name="meetings"),
    path("<int:pk>/", public.meeting, name="meeting"),
    path("board/<int:board_pk>.ics", public.board_calendar, name="board_calendar"),
    path("calendar/<uuid:token>.ics", public.member_calendar, name="member_calendar"),
    path("feed/", public.feed, name="feed"),
]
