"""URLs of the programme area (boards/views/programme.py), included in boards/urls.py."""

from django.urls import path

from .views import programme

urlpatterns = [
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
