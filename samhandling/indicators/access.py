"""Who may read and change indicators.

Indicators are aggregate statistics, not data about a person: everyone who holds a role reads
them all; analysts (indicators.manage_indicators / indicators.import_values) change them; the
public sees indicators marked public, with small numbers suppressed (selectors.public_cells).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from samhandling.core.annotations import Actor, Viewer
from samhandling.indicators.models import ImportBatch, Indicator, ProfileExport
from samhandling.organisations.access import user_roles
from samhandling.organisations.models import District


def can_read(user: Viewer) -> bool:
    """Any active membership reads the indicators."""
    return bool(user_roles(user))


def can_manage(user: Viewer) -> bool:
    return user.has_perm("indicators.manage_indicators")


def can_import(user: Viewer) -> bool:
    return user.has_perm("indicators.import_values")


def visible_indicators(user: Viewer) -> QuerySet[Indicator]:
    """Every indicator for a user with a role; none otherwise."""
    if not can_read(user):
        return Indicator.objects.none()
    return Indicator.objects.all()


def require_read(user: Viewer) -> None:
    """403 for a logged-in user without any role."""
    if not can_read(user):
        raise PermissionDenied


def get_indicator_for_user(user: Viewer, code: str, *, manage: bool = False) -> Indicator:
    """One indicator: 403 without a role (or, with manage=True, without the right to change it); 404 if unknown."""
    require_read(user)
    if manage and not can_manage(user):
        raise PermissionDenied
    return get_object_or_404(visible_indicators(user), code=code)


def get_public_indicator(code: str) -> Indicator:
    """A public indicator; 404 for any other, so that unpublished ones stay unknown to the public."""
    return get_object_or_404(Indicator.objects.filter(is_public=True), code=code)


def visible_import_batches(user: Viewer) -> QuerySet[ImportBatch]:
    if not can_import(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.all()


def get_import_batch_for_user(user: Viewer, pk: int) -> ImportBatch:
    """403 for users who may not import; 404 for an unknown batch."""
    if not can_import(user):
        raise PermissionDenied
    return get_object_or_404(visible_import_batches(user).defer("content"), pk=pk)


def get_profile_export_for_user(user: Actor, pk: int, *, with_content: bool = False) -> ProfileExport:
    """A district profile PDF made in the background: only its requester sees it (404 for others)."""
    require_read(user)
    jobs = ProfileExport.objects.filter(requested_by=user).select_related("district")
    if not with_content:
        jobs = jobs.defer("content")
    return get_object_or_404(jobs, pk=pk)


def can_correct(user: Viewer) -> bool:
    """Correcting a single value is import work: analysts with indicators.import_values."""
    return can_import(user)


def get_indicator_for_correction(user: Viewer, code: str) -> Indicator:
    """403 without a role or without the right to correct values; 404 for an unknown indicator."""
    require_read(user)
    if not can_correct(user):
        raise PermissionDenied
    return get_object_or_404(visible_indicators(user), code=code)


def my_profile_exports(user: Actor, district: District, limit: int = 3) -> list[ProfileExport]:
    """The user's latest background PDFs of one district profile (to find them again)."""
    return list(ProfileExport.objects.filter(requested_by=user, district=district).defer("content")[:limit])
