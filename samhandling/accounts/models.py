from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A person who logs in. Rights come only from memberships (organisations.Membership)."""

    # The stable subject identifier from the city's single sign-on (OpenID Connect "sub").
    oidc_subject = models.CharField(_("SSO subject"), max_length=255, unique=True, null=True, blank=True)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("manage_users", _("Manage users and memberships"))]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def requires_two_factor(self) -> bool:
        from samhandling.organisations.access import user_roles
        from samhandling.organisations.roles import TWO_FACTOR_ROLES

        return bool(user_roles(self) & TWO_FACTOR_ROLES)
