"""The open-data JSON API and its OpenAPI schema, under /api/v1/ (views/api.py)."""

app_name = "boards_api"

urlpatterns: list = []
