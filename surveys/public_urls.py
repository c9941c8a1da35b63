from django.urls import path

from . import views

app_name = "surveys_public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("waves/<int:pk>/", views.public_wave, name="wave"),
    path("waves/<int:pk>/figures.<str:fmt>", views.public_wave_export, name="wave_export"),
]
