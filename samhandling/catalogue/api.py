"""The public, read-only catalogue API: /api/v1/methods/ with the same filters as the pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.catalogue import selectors
from samhandling.catalogue.forms import MethodFilterForm
from samhandling.catalogue.models import Factor, Method


class FactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Factor
        fields = ["code", "kind", "name", "domain", "description", "source"]


class MethodSerializer(serializers.ModelSerializer):
    priority_areas = serializers.SerializerMethodField()
    sub_areas = serializers.SerializerMethodField()
    committees = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    availability = serializers.SerializerMethodField()
    factors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    evidence_label = serializers.CharField(source="get_evidence_display", read_only=True)

    class Meta:
        model = Method
        fields = [
            "slug",
            "name",
            "abbreviation",
            "aliases",
            "description",
            "priority_areas",
            "sub_areas",
            "prevention_levels",
            "prevention_type",
            "target_groups",
            "age_min",
            "age_max",
            "age_note",
            "access",
            "legal_grounds",
            "committees",
            "partners",
            "evidence",
            "evidence_label",
            "evidence_note",
            "availability",
            "factors",
            "licensed_instrument",
            "instrument_users",
            "sources",
            "fact_sources",
            "updated_at",
        ]

    def get_priority_areas(self, method) -> list[str]:
        return sorted({s.priority_area.number for s in method.sub_areas.all()})

    def get_sub_areas(self, method) -> list[str]:
        return sorted(s.number for s in method.sub_areas.all())

    def get_availability(self, method) -> dict:
        # "districts" lists where the method is known to be offered; "known" says whether that list
        # is complete. An incomplete list means the other districts are unknown, not without it.
        return {
            "known": method.availability_known,
            "districts": sorted(d.code for d in method.available_in.all()),
            "note": method.availability_note,
            # "In eight districts", the sources not naming which: a count without a list.
            "district_count": method.availability_district_count,
        }


FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Free text: name, abbreviation, alias, description"),
    OpenApiParameter("priority_area", OpenApiTypes.STR, description="Priority area number, e.g. 4.2"),
    OpenApiParameter("prevention_level", OpenApiTypes.STR),
    OpenApiParameter("age", OpenApiTypes.INT),
    OpenApiParameter("target_group", OpenApiTypes.STR),
    OpenApiParameter("district", OpenApiTypes.STR, description="District code, e.g. skarholmen"),
    OpenApiParameter("evidence", OpenApiTypes.STR),
    OpenApiParameter("committee", OpenApiTypes.STR, description="Committee code"),
]


class MethodListView(APIView):
    """The method catalogue, filterable with the same parameters as the catalogue page."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public and read-only: no session, so no CSRF or cookies needed

    @extend_schema(parameters=FILTER_PARAMETERS, responses=MethodSerializer(many=True))
    def get(self, request):
        form = MethodFilterForm(request.query_params)
        if not form.is_valid():
            return Response({"errors": form.errors}, status=400)
        ids = selectors.search_method_ids(form.cleaned_data.get("q", ""), form.filters())
        paginator = LimitOffsetPagination()
        page = selectors.methods_by_ids(paginator.paginate_queryset(ids, request, view=self))
        return paginator.get_paginated_response(MethodSerializer(page, many=True).data)


class MethodDetailView(APIView):
    """One method by its slug."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=MethodSerializer)
    def get(self, request, slug):
        method = get_object_or_404(selectors.methods_queryset(), slug=slug)
        return Response(MethodSerializer(method).data)


class FactorListView(APIView):
    """The risk and protective factors."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=FactorSerializer(many=True))
    def get(self, request):
        return Response(FactorSerializer(Factor.objects.all(), many=True).data)


method_list = login_not_required(MethodListView.as_view())
method_detail = login_not_required(MethodDetailView.as_view())
factor_list = login_not_required(FactorListView.as_view())
