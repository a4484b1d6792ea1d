"""Login through the city's single sign-on (OpenID Connect)."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samhandling.accounts.backends import RoleBackend


class CityOIDCBackend(OIDCAuthenticationBackend):
    """Match users on the `sub` claim, or once on the e-mail address of a user added beforehand.

    A user the administrator added before their first login has no subject yet: the first login
    with a verified e-mail address equal to theirs links the subject to that user. Everyone else
    is created without any membership, so without any rights, until a role is given.
    """

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_OP_ISSUER:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        sub = claims.get("sub")
        if not sub:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(oidc_subject=sub)
        if users.exists():
            return users
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        # Only a user not yet linked to any subject: a linked account never changes hands.
        return self.UserModel.objects.filter(email__iexact=email, oidc_subject__isnull=True)

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
        fields = ["first_name", "last_name", "email"]
        if not user.oidc_subject:
            user.oidc_subject = claims["sub"]
            fields.append("oidc_subject")
        user.save(update_fields=fields)
        return user

    # Permissions as for password logins.
    get_all_permissions = RoleBackend.get_all_permissions
    has_perm = RoleBackend.has_perm
