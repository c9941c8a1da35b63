from django.urls import path

from . import urls_events, urls_feedback, urls_outputs, urls_responses, views

app_name = "participation"

# Each area's URLs in its own module (events and groups; feedback and the guard; "We did"
# and the measures; pages and PDFs for young people), all named "participation:<name>".
urlpatterns = [
    path("", views.index, name="index"),
    *urls_events.urlpatterns,
    *urls_feedback.urlpatterns,
    *urls_responses.urlpatterns,
    *urls_outputs.urlpatterns,
]
