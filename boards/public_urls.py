"""Public meeting pages, calendars and feeds, under /p/<org_slug>/meetings/ (views/public.py)."""

app_name = "boards_public"

urlpatterns: list = []
