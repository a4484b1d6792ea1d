"""Read-only API for the welfare-crime work: the same visibility as the pages (access.visible_*).

Controllers read suppliers with the people behind them, checks and flags. Procurement officers
read the suppliers of their own contracts and those suppliers' checks, never the people or the
flags. Contract follow-up reads its administration's check results. Everyone else gets 403; a
single supplier outside what one may see is 404. Every read is audited.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from samhandling.audit.services import record
from samhandling.welfare import access
from samhandling.welfare.models import PERSON_KINDS, Flag, IntegrityCheck, Supplier


class SupplierSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    id = serializers.IntegerField()
    org_number = serializers.CharField(source="formatted_org_number")
    name = serializers.CharField()
    legal_form = serializers.CharField()
    address = serializers.CharField()


class FactSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    kind = serializers.CharField()
    value = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    person = serializers.CharField(source="person.name", default=None)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # the fact's source; DRF collects declared fields


class SupplierDetailSerializer(SupplierSerializer):
    facts = serializers.SerializerMethodField()

    def get_facts(self, obj: Supplier) -> Any:
        """The supplier's facts; the people behind it only for controllers."""
        facts = obj.facts.select_related("person").order_by("kind", "-valid_from")
        if not access.is_controller(self.context["request"].user):
            facts = facts.exclude(kind__in=[str(k) for k in PERSON_KINDS])
        return FactSerializer(facts, many=True).data


class CheckSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    id = serializers.IntegerField()
    supplier = serializers.IntegerField(source="supplier_id")
    procurement = serializers.CharField()
    administration = serializers.CharField(source="administration.name", default=None)
    created_at = serializers.DateTimeField()
    result = serializers.CharField()
    reasons = serializers.CharField()
    decided_at = serializers.DateTimeField()


class FlagSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    id = serializers.IntegerField()
    rule = serializers.CharField(source="rule.code")
    supplier = serializers.IntegerField(source="supplier_id")
    explanation = serializers.CharField()
    found_on = serializers.DateField()
    priority = serializers.IntegerField()
    decision = serializers.CharField()
    decided_at = serializers.DateTimeField()
    police_report_date = serializers.DateField()
    police_reference = serializers.CharField()


class _Audited(ListAPIView):  # type: ignore[type-arg]  # generic only in the stubs
    verb = "welfare.api.list"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        record(actor=request.user, verb=self.verb, path=request.path, offset=request.query_params.get("offset", ""))
        return response


class SupplierListView(_Audited):
    """Suppliers the caller may see (controllers all, procurement officers their contracts')."""

    serializer_class = SupplierSerializer
    verb = "welfare.api.suppliers"

    def get_queryset(self) -> QuerySet[Supplier]:
        user = self.request.user
        if not (access.is_controller(user) or access.is_procurement(user)):
            raise PermissionDenied
        return access.visible_suppliers(user).order_by("name", "pk")


class SupplierDetailView(RetrieveAPIView):  # type: ignore[type-arg]  # generic only in the stubs
    """One supplier with its facts (404 outside what the caller sees; the read is audited)."""

    serializer_class = SupplierDetailSerializer

    def get_object(self) -> Supplier:
        return access.get_supplier_for_user(self.request.user, self.kwargs["pk"], purpose="api")


class CheckListView(_Audited):
    """Integrity checks the caller may see."""

    serializer_class = CheckSerializer
    verb = "welfare.api.checks"

    def get_queryset(self) -> QuerySet[IntegrityCheck]:
        access.require_any(self.request.user)
        return access.visible_checks(self.request.user).select_related("administration").order_by("-created_at", "pk")


class FlagListView(_Audited):
    """The flags (controllers only); `?beslut=` filters by decision, `?beslut=ingen` the open ones."""

    serializer_class = FlagSerializer
    verb = "welfare.api.flags"

    def get_queryset(self) -> QuerySet[Flag]:
        access.require_controller(self.request.user)
        flags = access.visible_flags(self.request.user).select_related("rule").order_by("priority", "-raised_at", "pk")
        decision = self.request.query_params.get("beslut")
        if decision == "ingen":
            flags = flags.filter(decision="")
        elif decision:
            flags = flags.filter(decision=decision)
        return flags
