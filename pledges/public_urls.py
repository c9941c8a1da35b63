from django.urls import path

from .views import public

app_name = "pledges_public"

urlpatterns = [
    path("", public.pledge, name="pledge"),
]
