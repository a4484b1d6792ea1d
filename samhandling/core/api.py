from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.organisations.access import active_memberships


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    organisation = serializers.CharField(source="organisation_name")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The logged-in user and their active memberships."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        data = {
            "username": request.user.username,
            "get_full_name": request.user.get_full_name(),
            "memberships": list(active_memberships(request.user)),
        }
        return Response(MeSerializer(data).data)
