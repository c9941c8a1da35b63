from django.urls import include, path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("figures/", include("surveys.urls_figures")),
]
