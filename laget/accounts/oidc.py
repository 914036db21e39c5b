"""OpenID Connect single sign-on (enabled when LAGET_OIDC_CLIENT_ID is set).

People are matched on e-mail address; nobody gets an account through SSO alone, because access
comes from memberships that a coordinator or administrator creates.
"""

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class LagetOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
