from django.conf import settings

from samhandling.core.navigation import nav_for
from samhandling.organisations.access import primary_membership


def shell(request):
    """What the base layout needs: navigation, the user's unit and the demo banner."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": nav_for(user) if authenticated else [],
        "current_membership": primary_membership(user) if authenticated else None,
    }
