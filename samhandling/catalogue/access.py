"""Who may do what in the catalogue: everyone may read it; catalogue editors change it."""

from django.core.exceptions import PermissionDenied

from samhandling.core.annotations import Viewer

EDIT_PERMISSION = "catalogue.edit_catalogue"


def can_edit_catalogue(user: Viewer) -> bool:
    """True for users whose role gives the catalogue editor permission."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(EDIT_PERMISSION))


def require_catalogue_editor(user: Viewer) -> None:
    """403 for everyone who is not a catalogue editor (the catalogue itself is public)."""
    if not can_edit_catalogue(user):
        raise PermissionDenied
