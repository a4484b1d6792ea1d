"""Read-only API for safe places: the same visibility as the pages (access.visible_*)."""

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView

from samhandling.places import access


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    neighbourhood = serializers.CharField(source="neighbourhood.code")
    district = serializers.CharField(source="neighbourhood.district.code")
    latitude = serializers.DecimalField(max_digits=8, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=6)
    archived = serializers.BooleanField(source="is_archived")


class MeasureSerializer(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.CharField()
    responsible = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class CollaborationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    place = serializers.IntegerField(source="place_id")
    district = serializers.CharField(source="district.code")
    started_on = serializers.DateField()
    closed_on = serializers.DateField()


class CollaborationDetailSerializer(CollaborationSerializer):
    members = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True)

    def get_members(self, obj) -> list[str]:
        """The organisations of the group (never the contacts' names)."""
        return [m.organisation for m in obj.members.all()]


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    district = serializers.CharField(source="district.code")
    place = serializers.IntegerField(source="place_id")
    status = serializers.CharField()


class _Gate:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.can_use_places(request.user):
            raise PermissionDenied


class PlaceListView(_Gate, ListAPIView):
    """Places the caller may see."""

    serializer_class = PlaceSerializer

    def get_queryset(self):
        return access.visible_places(self.request.user).order_by("name", "pk")


class CollaborationListView(_Gate, ListAPIView):
    """Place-based collaborations the caller may see."""

    serializer_class = CollaborationSerializer

    def get_queryset(self):
        return access.visible_collaborations(self.request.user).order_by("-started_on", "pk")


class CollaborationDetailView(_Gate, RetrieveAPIView):
    """One collaboration with its members and action plan."""

    serializer_class = CollaborationDetailSerializer

    def get_queryset(self):
        return access.visible_collaborations(self.request.user).prefetch_related("members", "measures")


class EventListView(_Gate, ListAPIView):
    """Serious violent events the caller may see (no personal data is held)."""

    serializer_class = EventSerializer

    def get_queryset(self):
        return access.visible_events(self.request.user).order_by("-occurred_at", "pk")
