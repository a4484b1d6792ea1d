"""Read-only API for the defector team: the cases their team holds, masked as on the pages.

The same access functions as the pages (defectors.access): only members and the unit manager of
the holding team (or the team a case is being handed to) see a case; everyone else gets 403 on the
list and 404 on a case. No name, number, address or free text leaves through the API: a case is its
reference, status, responsibility, district and dates. Every read is audited.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.audit.services import record
from samhandling.defectors import access
from samhandling.defectors.models import DefectorCase


class DefectorCaseRowSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    responsibility = serializers.CharField()
    district = serializers.CharField(source="district.name")
    team = serializers.CharField(source="team.unit.name")
    received_at = serializers.DateTimeField()
    first_contact_due = serializers.DateTimeField()
    first_contact_made = serializers.SerializerMethodField()

    def get_first_contact_made(self, case: DefectorCase) -> bool:
        return hasattr(case, "first_contact")


class SupportRowSerializer(serializers.Serializer):  # type: ignore[type-arg]  # generic only in the stubs
    kind = serializers.CharField()
    provider = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    follow_up_on = serializers.DateField(allow_null=True)


class DefectorCaseSerializer(DefectorCaseRowSerializer):
    closed_on = serializers.DateField(allow_null=True)
    closed_reason = serializers.CharField()
    threat_assessments = serializers.IntegerField(source="threat_assessments.count")
    support_items = SupportRowSerializer(many=True)


class DefectorCaseListView(APIView):
    """The defector cases the caller's team holds (or is receiving)."""

    @extend_schema(responses=DefectorCaseRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not access.is_team_member(request.user):
            raise PermissionDenied
        cases = (
            access.visible_defector_cases(request.user)
            .select_related("district", "team__unit", "first_contact")
            .order_by("-received_at")[:500]
        )
        data: Any = DefectorCaseRowSerializer(cases, many=True).data
        record(
            actor=request.user,
            verb="defectors.case.list",
            purpose="defector cases (API)",
            case_ids=[row["id"] for row in data],
        )
        return Response(data)


class DefectorCaseDetailView(APIView):
    """One defector case, masked (404 when the caller's team does not hold it)."""

    @extend_schema(responses=DefectorCaseSerializer)
    def get(self, request: Request, case_id: int) -> Response:
        case = access.get_defector_case_for_user(request.user, case_id, purpose="defector case (API)")
        return Response(DefectorCaseSerializer(case).data)
