"""Read-only API: my forum cases, and one forum case as the caller may see it.

The same access functions as the pages: the lead side gets a summary (no free text), a partner
gets only what was disclosed to their organisation while its ground holds; 404 for a forum the
caller may not see. A protected identity is always masked. Every read is audited.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from samhandling.audit.services import record
from samhandling.collaboration import access
from samhandling.organisations.access import user_roles


class ForumRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    young_person = serializers.CharField()
    role = serializers.CharField()


class SharedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    disclosed_at = serializers.DateTimeField()
    what = serializers.CharField()
    info_kind = serializers.CharField()
    content = serializers.CharField()
    ground = serializers.CharField(source="legal_basis.__str__")


class ForumSerializer(ForumRowSerializer):
    started_on = serializers.DateField(allow_null=True)
    meetings = serializers.IntegerField(allow_null=True)
    actions = serializers.IntegerField(allow_null=True)
    shared = SharedSerializer(many=True)


def _row(forum, lead: bool) -> dict:
    return {
        "id": forum.id,
        "kind": forum.kind,
        "status": forum.status,
        "young_person": access.person_label(forum, None),
        "role": "lead" if lead else "partner",
    }


class ForumListView(APIView):
    """The forum cases the caller may see, led or as a partner."""

    @extend_schema(responses=ForumRowSerializer(many=True))
    def get(self, request):
        if not user_roles(request.user):
            raise PermissionDenied
        led = set(access.led_forums(request.user).values_list("id", flat=True))
        forums = access.visible_forums(request.user).select_related("person").order_by("-id")[:500]
        rows = [_row(f, f.id in led) for f in forums]
        record(actor=request.user, verb="collaboration.forum.list", purpose="my forum cases (API)", count=len(rows))
        return Response(ForumRowSerializer(rows, many=True).data)


class ForumDetailView(APIView):
    """One forum case: a summary for its lead, what was shared for a partner."""

    @extend_schema(responses=ForumSerializer)
    def get(self, request, forum_id: int):
        forum, found = access.get_forum_for_user(request.user, forum_id, purpose="forum case (API)")
        data = _row(forum, found.lead)
        data["started_on"] = forum.started_on
        if found.lead:
            data.update(meetings=forum.meetings.count(), actions=forum.actions.count(), shared=[])
        else:
            shared = list(access.partner_disclosures(forum, found))
            record(
                actor=request.user,
                verb="collaboration.disclosure.read",
                target=forum,
                purpose="shared with my organisation (API)",
                disclosure_ids=[d.id for d in shared],
            )
            data.update(meetings=None, actions=None, shared=shared)
        return Response(ForumSerializer(data).data)
