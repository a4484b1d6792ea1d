"""Login through the city's single sign-on (OpenID Connect)."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samhandling.accounts.backends import RoleBackend


class CityOIDCBackend(OIDCAuthenticationBackend):
    """Match users on the `sub` claim only; a new user gets no membership and so no rights."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_OP_ISSUER:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        sub = claims.get("sub")
        if not sub:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(oidc_subject=sub)

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def create_user(self, claims):
        username = f"sso-{claims['sub']}"[:150]
        return self.UserModel.objects.create_user(
            username=username,
            oidc_subject=claims["sub"],
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
            is_staff=False,
            is_superuser=False,
        )

    def update_user(self, user, claims):
        # Names may change in the directory; rights never come from claims.
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.email = claims.get("email", user.email)
        user.save(update_fields=["first_name", "last_name", "email"])
        return user

    # Permissions as for password logins.
    get_all_permissions = RoleBackend.get_all_permissions
    has_perm = RoleBackend.has_perm
