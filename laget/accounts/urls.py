from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from laget.accounts import views

# The password-reset pages live under accounts/, not registration/: django.contrib.admin comes
# first in INSTALLED_APPS and its registration/password_reset_* templates would win, mailing a
# link to the un-namespaced 'password_reset_confirm', which does not exist here.
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
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.html",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "losenord/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
