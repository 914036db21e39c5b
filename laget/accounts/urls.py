from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from laget.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("tvafaktor/", views.totp_setup, name="totp_setup"),
    path("tvafaktor/verifiera/", views.totp_verify, name="totp_verify"),
    path("api-nycklar/", views.api_token_create, name="api_token_create"),
    path("api-nycklar/<int:token_id>/aterkalla/", views.api_token_revoke, name="api_token_revoke"),
    path(
        "losenord/aterstall/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done")
        ),
        name="password_reset",
    ),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
