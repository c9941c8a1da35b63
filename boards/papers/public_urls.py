"""Downloads of public papers, under /p/<org_slug>/meetings/ next to boards' public meeting
pages (namespace `papers_public`, views/public.py)."""

from django.urls import path

from boards.papers.views import public

app_name = "papers_public"

urlpatterns = [
    path("<int:meeting_pk>/packs/<int:pk>/", public.pack_download, name="pack"),
    path("<int:meeting_pk>/papers/<int:pk>/", public.paper_download, name="paper"),
    path("<int:meeting_pk>/minutes.pdf", public.minutes_download, name="minutes"),
]
