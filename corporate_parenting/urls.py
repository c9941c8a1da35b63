from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import public, views

auth_patterns = [
    path(
        "sign-in/",
        views.SignInView.as_view(),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include(auth_patterns)),
    path("no-organisation/", views.no_organisation, name="no_organisation"),
    path("organisation/switch/", views.organisation_switch, name="organisation_switch"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/", views.membership_update, name="membership_update"),
    path("members/<int:pk>/unlock/", views.membership_unlock, name="membership_unlock"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("districts/", views.districts, name="districts"),
    path("districts/new/", views.district_create, name="district_create"),
    path("districts/<int:pk>/", views.district_update, name="district_update"),
    path("districts/<int:pk>/delete/", views.district_delete, name="district_delete"),
    path("audit/", views.audit, name="audit"),
    path("health/", views.health, name="health"),
    path("pledge/", include("pledges.urls")),
    # The public pages: anyone, signed in or not (corporate_parenting/public.py).
    path("p/", public.index, name="public_index"),
    path("p/<slug:org_slug>/", public.home, name="public_home"),
    path("p/<slug:org_slug>/pledge/", include("pledges.public_urls")),
    path("p/<slug:org_slug>/meetings/", include("boards.public_urls")),
    path("p/<slug:org_slug>/meetings/", include("boards.papers.public_urls")),
    path("p/<slug:org_slug>/surveys/", include("surveys.public_urls")),
    path("p/<slug:org_slug>/", include("participation.public_urls")),
    path("api/v1/", include("boards.api_urls")),
    path("boards/", include("boards.urls")),
    path("boards/", include("boards.papers.urls")),
    path("surveys/", include("surveys.urls")),
    path("participation/", include("participation.urls")),
    path("admin/", admin.site.urls),
]
