"""URLs of the boards app under /boards/ (namespace `boards`): one list per area, each beside its
view module. Board papers have their own (boards/papers/urls.py, `papers:`); the public pages
and the API are mounted elsewhere (public_urls.py, api_urls.py)."""

from django.urls import path

from .views import actions, boards, programme, record

app_name = "boards"

# boards: views/boards.py
board_paths = [
    path("", boards.index, name="index"),
    path("new/", boards.board_create, name="board_create"),
    path("<int:pk>/", boards.board_detail, name="board"),
    path("<int:pk>/change/", boards.board_update, name="board_update"),
    path("<int:pk>/members/new/", boards.member_create, name="member_create"),
    path("members/<int:pk>/change/", boards.member_update, name="member_update"),
    path("<int:pk>/meetings/new/", boards.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", boards.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/change/", boards.meeting_update, name="meeting_update"),
    path("meetings/<int:pk>/cancel/", boards.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/items/new/", boards.item_create, name="item_create"),
    path("meetings/<int:pk>/reorder/", boards.agenda_reorder, name="agenda_reorder"),
    path("meetings/<int:pk>/renumber/", boards.agenda_renumber, name="agenda_renumber"),
    path("meetings/<int:pk>/publish/", boards.agenda_publish, name="agenda_publish"),
    path("items/<int:pk>/change/", boards.item_update, name="item_update"),
    path("items/<int:pk>/delete/", boards.item_delete, name="item_delete"),
    path("items/<int:pk>/move/", boards.item_move, name="item_move"),
]

# record: views/record.py
record_paths = [
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

# actions: views/actions.py
action_paths = [
    path("actions/", actions.action_log, name="actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("meetings/<int:pk>/actions/new/", actions.action_create, name="action_create"),
]

# programme: views/programme.py
programme_paths = [
    path("<int:pk>/programme/", programme.programme, name="programme"),
    path(
        "<int:pk>/programme/generate/",
        programme.programme_generate,
        name="programme_generate",
    ),
    path("<int:pk>/programme/rolling/add/", programme.rolling_create, name="rolling_create"),
    path("programme/rolling/<int:pk>/", programme.rolling_update, name="rolling_update"),
    path("<int:pk>/programme/add/", programme.entry_create, name="entry_create"),
    path("programme/entries/<int:pk>/", programme.entry_update, name="entry_update"),
    path(
        "meetings/<int:pk>/agenda/from-programme/",
        programme.agenda_from_programme,
        name="agenda_from_programme",
    ),
    path(
        "actions/<int:pk>/to-programme/",
        programme.action_to_programme,
        name="action_to_programme",
    ),
]

urlpatterns = [*board_paths, *record_paths, *action_paths, *programme_paths]
