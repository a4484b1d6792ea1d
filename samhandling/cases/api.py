"""Read-only API for the social worker: my cases with their deadlines, and a case summary.

The same access functions as the pages (access.unit_cases through selectors.workload,
access.get_case_for_user), so the same answers: 403 without a case role, 404 for a case the
caller may not see. A protected identity is always masked here: the API has no way to state a
reason for one look, so it never reveals one. Every read is audited with its purpose.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.audit.services import record
from samhandling.cases import access, selectors


class WorkloadRowSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.id")
    child = serializers.CharField(source="name")
    status = serializers.CharField(source="case.status")
    next_step = serializers.CharField(source="step", allow_blank=True)
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()
    protection_missing = serializers.BooleanField()


class WorkloadSerializer(serializers.Serializer):
    today = serializers.DateField()
    mine = WorkloadRowSerializer(many=True)
    unassigned = WorkloadRowSerializer(many=True)


class ReportSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    reporter_kind = serializers.CharField()
    initial_assessment_due = serializers.DateField()
    protection_due = serializers.DateField(allow_null=True)
    protection_assessed_at = serializers.DateTimeField(allow_null=True)
    initial_decision = serializers.CharField(allow_null=True)
    initial_decided_on = serializers.DateField(allow_null=True)


class InvestigationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    opened_on = serializers.DateField()
    due_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    legal_reference = serializers.CharField(allow_blank=True)


class InterventionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.CharField()
    basis = serializers.CharField()
    decided_on = serializers.DateField()
    start_on = serializers.DateField()
    end_on = serializers.DateField(allow_null=True)
    follow_up_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_null=True)


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    closed_reason = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    district = serializers.CharField(allow_null=True)
    social_worker = serializers.CharField(allow_null=True)
    child = serializers.CharField()
    identity = serializers.CharField(allow_null=True)
    protected_identity = serializers.BooleanField()
    emergency_access = serializers.BooleanField()
    reports = ReportSummarySerializer(many=True)
    investigations = InvestigationSummarySerializer(many=True)
    interventions = InterventionSummarySerializer(many=True)


class WorkloadView(APIView):
    """My open cases and the unit's unassigned ones, the earliest deadline first."""

    @extend_schema(responses=WorkloadSerializer)
    def get(self, request):
        if not access.can_work_cases(request.user):
            raise PermissionDenied
        mine, new = selectors.workload(request.user), selectors.unassigned(request.user)
        record(actor=request.user, verb="cases.workload.view", purpose="my cases (API)", count=len(mine) + len(new))
        data = {"today": timezone.localdate(), "mine": mine, "unassigned": new}
        return Response(WorkloadSerializer(data).data)


class CaseSummaryView(APIView):
    """One case: its steps, deadlines and decisions, without free text (404 when the caller may not see it)."""

    @extend_schema(responses=CaseSummarySerializer)
    def get(self, request, case_id: int):
        case = access.get_case_for_user(request.user, case_id, purpose="case summary (API)")
        return Response(CaseSummarySerializer(selectors.case_summary(request.user, case)).data)
