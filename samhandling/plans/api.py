"""Read-only API for action plans: the same visibility as the pages (access.visible_plans)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from samhandling.plans import access
from samhandling.plans.models import Activity


class ActivitySerializer(serializers.ModelSerializer):
    priority_area = serializers.CharField(source="priority_area.number")
    sub_area = serializers.CharField(source="sub_area.number", default=None)
    methods = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    places = serializers.SerializerMethodField()

    def get_places(self, obj) -> list[dict]:
        return [{"name": p.name, "kind": p.kind, "neighbourhood": p.neighbourhood.code} for p in obj.places.all()]

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "description",
            "priority_area",
            "sub_area",
            "methods",
            "places",
            "place_note",
            "is_local_activity",
            "prevention_type",
            "term",
            "start_date",
            "end_date",
        ]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    committee = serializers.CharField(source="committee.code")
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    decision_date = serializers.DateField()
    decision_reference = serializers.CharField()


class PlanDetailSerializer(PlanSerializer):
    activities = ActivitySerializer(many=True)


class PlanListView(ListAPIView):
    """Action plans the caller may see."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        return access.visible_plans(self.request.user).order_by("-year", "committee__name", "-version")


class PlanDetailView(RetrieveAPIView):
    """One action plan with its activities (404 when the caller may not see it)."""

    serializer_class = PlanDetailSerializer

    @extend_schema(responses=PlanDetailSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return access.visible_plans(self.request.user).prefetch_related(
            "activities__methods",
            "activities__priority_area",
            "activities__sub_area",
            "activities__places__neighbourhood",
        )
