from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/<int:pk>/", views.instrument, name="instrument"),
    path("instruments/<int:pk>/waves/new/", views.wave_create, name="wave_create"),
    path("waves/<int:pk>/", views.wave, name="wave"),
    path("waves/<int:pk>/change/", views.wave_update, name="wave_update"),
    path("waves/<int:pk>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/change/", views.cohort_update, name="cohort_update"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
]
