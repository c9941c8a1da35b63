"""URLs of the boards area (boards/views/boards.py), included in boards/urls.py."""

from django.urls import path

from .views import boards

urlpatterns = [
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
