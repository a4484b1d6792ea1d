from django.contrib.auth.backends import ModelBackend

from samhandling.organisations.access import user_roles
from samhandling.organisations.roles import permissions_for_roles


class RoleBackend(ModelBackend):
    """Password login (argon2) whose permissions come from the roles of active memberships.

    Group and user permissions in Django's tables are deliberately ignored: the membership is
    the one place where rights are given, and removing it takes effect on the next request.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return permissions_for_roles(user_roles(user_obj))

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
