"""Who sees what of the welfare-crime work.

Controllers (welfare.control_suppliers) see every supplier, the people behind them, payments and
flags. Procurement officers (welfare.check_suppliers) see the suppliers of the contracts they are
named for and check them; they never see the people's names or the flags. Contract follow-up in
an administration (welfare.view_check_results) sees the check results of its own suppliers. No one
else sees anything here: a role page answers 403, a record outside what one may see 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from samhandling.audit.services import record
from samhandling.core.annotations import Viewer
from samhandling.organisations.access import units_with_role
from samhandling.organisations.models import Unit
from samhandling.organisations.roles import Role
from samhandling.welfare.models import Contract, Flag, ImportBatch, IntegrityCheck, PersonMatch, Supplier


def is_controller(user: Viewer) -> bool:
    return user.has_perm("welfare.control_suppliers")


def is_procurement(user: Viewer) -> bool:
    return user.has_perm("welfare.check_suppliers")


def is_follow_up(user: Viewer) -> bool:
    return user.has_perm("welfare.view_check_results")


def require_any(user: Viewer) -> None:
    """403 for a user with none of the three roles."""
    if not (is_controller(user) or is_procurement(user) or is_follow_up(user)):
        raise PermissionDenied


def require_controller(user: Viewer) -> None:
    if not is_controller(user):
        raise PermissionDenied


def visible_suppliers(user: Viewer) -> QuerySet[Supplier]:
    """Every supplier for controllers; the suppliers of their own contracts for procurement officers."""
    if is_controller(user):
        return Supplier.objects.all()
    if is_procurement(user):
        return Supplier.objects.filter(Q(contracts__procurement_staff=user) | Q(checks__created_by=user)).distinct()
    return Supplier.objects.none()


def get_supplier_for_user(user: Viewer, pk: int, *, purpose: str = "") -> Supplier:
    """One supplier (404 outside what the user sees, 403 without a role here); the read is audited."""
    require_any(user)
    if not (is_controller(user) or is_procurement(user)):
        raise PermissionDenied
    supplier = get_object_or_404(visible_suppliers(user), pk=pk)
    record(actor=user, verb="welfare.supplier.read", target=supplier, purpose=purpose or "kontroll")
    return supplier


def _follow_up_administrations(user: Viewer) -> QuerySet[Unit, Any]:
    return units_with_role(user, Role.CONTRACT_FOLLOW_UP).values("administration_id")


def visible_checks(user: Viewer) -> QuerySet[IntegrityCheck]:
    """Checks of the suppliers the user sees; for contract follow-up, those of its administration."""
    if is_controller(user):
        return IntegrityCheck.objects.all()
    query = Q(pk__in=[])
    if is_procurement(user):
        query |= Q(supplier__in=visible_suppliers(user))
    if is_follow_up(user):
        admins = _follow_up_administrations(user)
        query |= Q(administration_id__in=admins) | Q(contract__administration_id__in=admins)
    return IntegrityCheck.objects.filter(query).distinct()


def can_change_check(user: Viewer, check: IntegrityCheck) -> bool:
    return is_controller(user) or (
        is_procurement(user) and visible_suppliers(user).filter(pk=check.supplier_id).exists()
    )


def get_check_for_user(user: Viewer, pk: int, *, change: bool = False) -> IntegrityCheck:
    """One check: 404 if not visible; 403 to change it without the right (contract follow-up reads only)."""
    require_any(user)
    check = get_object_or_404(visible_checks(user).select_related("supplier", "administration"), pk=pk)
    if change and not can_change_check(user, check):
        raise PermissionDenied
    record(actor=user, verb="welfare.check.read", target=check)
    return check


def visible_flags(user: Viewer) -> QuerySet[Flag]:
    return Flag.objects.all() if is_controller(user) else Flag.objects.none()


def get_flag_for_user(user: Viewer, pk: int) -> Flag:
    require_controller(user)
    flag = get_object_or_404(visible_flags(user).select_related("rule", "supplier"), pk=pk)
    record(actor=user, verb="welfare.flag.read", target=flag)
    return flag


def get_import_for_user(user: Viewer, pk: int) -> ImportBatch:
    require_controller(user)
    return get_object_or_404(ImportBatch.objects.defer("content"), pk=pk)


def get_match_for_user(user: Viewer, pk: int) -> PersonMatch:
    require_controller(user)
    return get_object_or_404(PersonMatch.objects.select_related("first", "second"), pk=pk)


def get_contract_for_user(user: Viewer, pk: int) -> Contract:
    """One contract to change: controllers only (403 otherwise, 404 when it does not exist); audited."""
    require_controller(user)
    contract = get_object_or_404(Contract.objects.select_related("supplier"), pk=pk)
    record(actor=user, verb="welfare.contract.read", target=contract)
    return contract
