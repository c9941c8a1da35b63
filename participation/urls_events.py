"""Participation URLs (events), included by participation/urls.py ("participation:...")."""

from django.urls import path

from . import views_events as v

urlpatterns = [
    path("themes/", v.themes, name="themes"),
    path("themes/add/", v.theme_create, name="theme_create"),
    path("themes/<int:pk>/change/", v.theme_update, name="theme_update"),
    path("themes/<int:pk>/delete/", v.theme_delete, name="theme_delete"),
    path("themes/<int:pk>/move/<str:direction>/", v.theme_move, name="theme_move"),
    path("district-leads/", v.district_leads, name="district_leads"),
    path("district-leads/<int:pk>/change/", v.district_lead_update, name="district_lead_update"),
    path("groups/", v.groups, name="groups"),
    path("groups/add/", v.group_create, name="group_create"),
    path("groups/<int:pk>/", v.group, name="group"),
    path("groups/<int:pk>/change/", v.group_update, name="group_update"),
    path("groups/<int:pk>/places/add/", v.group_places_create, name="group_places_create"),
    path("groups/places/<int:pk>/delete/", v.group_places_delete, name="group_places_delete"),
    path("groups/<int:pk>/holders/add/", v.group_holder_create, name="group_holder_create"),
    path("groups/holders/<int:pk>/delete/", v.group_holder_delete, name="group_holder_delete"),
    path("events/", v.events, name="events"),
    path("events/add/", v.event_create, name="event_create"),
    path("events/<int:pk>/", v.event, name="event"),
    path("events/<int:pk>/change/", v.event_update, name="event_update"),
    path("events/<int:pk>/delete/", v.event_delete, name="event_delete"),
    path("events/<int:pk>/counts/", v.event_attendance, name="event_attendance"),
    path("events/<int:pk>/photos/add/", v.event_photo_create, name="event_photo_create"),
    path("events/photos/<int:pk>/", v.event_photo, name="event_photo"),
    path("events/photos/<int:pk>/delete/", v.event_photo_delete, name="event_photo_delete"),
    path("districts/", v.county, name="county"),
    path("districts/<int:pk>/", v.district, name="district"),
]
