"""The indicators API: definitions for logged-in users, open data (suppressed) for everyone."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.indicators import access, selectors, views
from samhandling.indicators.models import Indicator
from samhandling.organisations.models import District, Neighbourhood


class IndicatorSerializer(serializers.ModelSerializer):
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)
    priority_area = serializers.StringRelatedField()
    factor = serializers.StringRelatedField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "kind",
            "unit",
            "source",
            "frequency",
            "direction",
            "priority_area",
            "factor",
            "levels",
            "gender_split",
            "small_number_threshold",
            "is_public",
        ]


class IndicatorListView(APIView):
    """Every indicator definition (for users with a role)."""

    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request):
        if not access.can_read(request.user):
            raise PermissionDenied
        return Response(IndicatorSerializer(access.visible_indicators(request.user), many=True).data)


class PublicValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    level = serializers.CharField()
    area_code = serializers.CharField(allow_null=True)
    area = serializers.CharField()
    period = serializers.CharField()
    gender = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    numerator = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    suppressed = serializers.BooleanField()


@method_decorator(login_not_required, name="dispatch")
class PublicIndicatorListView(APIView):
    """The indicators marked public (open data)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request):
        return Response(IndicatorSerializer(selectors.public_indicators(), many=True).data)


@method_decorator(login_not_required, name="dispatch")
class PublicValueListView(APIView):
    """The figures of the public indicators, small numbers suppressed (value null, suppressed true)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("indikator", str, description="indicator code"),
            OpenApiParameter("period", str, description="period, e.g. 2024"),
        ],
        responses=PublicValueSerializer(many=True),
    )
    def get(self, request):
        indicators = selectors.public_indicators()
        code = request.query_params.get("indikator")
        if code:
            indicators = indicators.filter(code=code)
            if not indicators:
                raise NotFound
        period = request.query_params.get("period")
        districts = dict(District.objects.values_list("pk", "code"))
        district_names = dict(District.objects.values_list("pk", "name"))
        neighbourhoods = {pk: (c, n) for pk, c, n in Neighbourhood.objects.values_list("pk", "code", "name")}
        data = []
        for indicator in indicators:
            cells = selectors.public_cells(indicator, periods=[period] if period else None)
            for c in sorted(
                cells, key=lambda c: (c.period, c.level, c.district_id or 0, c.neighbourhood_id or 0, c.gender)
            ):
                if c.level == "neighbourhood":
                    area_code, area = neighbourhoods[c.neighbourhood_id]
                elif c.level == "district":
                    area_code, area = districts[c.district_id], district_names[c.district_id]
                else:
                    area_code, area = None, "Stockholm"
                data.append(
                    {
                        "indicator": indicator.code,
                        "level": c.level,
                        "area_code": area_code,
                        "area": area,
                        "period": c.period,
                        "gender": c.gender,
                        "value": c.value,
                        "numerator": c.numerator,
                        "denominator": c.denominator,
                        "suppressed": c.suppressed,
                    }
                )
        return Response(PublicValueSerializer(data, many=True).data)


public_values_csv = views.public_csv
