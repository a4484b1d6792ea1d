"""Who sees and changes what in the places app. One rule per kind of record, used by every page, list, map and API.

- Safety coordinators change their district's places, collaborations, investments, applications and events.
- The city's safety staff see and change everything, and alone review, decide and pay fund applications.
- A partner (or police liaison) who is a member of a collaboration sees that collaboration and adds
  observations and measures to it; nothing else of the district.
- District planners and city analysts read (their district's / everything) without changing.
- Events are also seen by police liaisons of the event's local police area.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from samhandling.core.annotations import Actor, Viewer
from samhandling.organisations.access import active_memberships, districts_with_role, has_role
from samhandling.organisations.models import District
from samhandling.organisations.roles import Role
from samhandling.places.models import Collaboration, CrisisEvent, FundApplication, FundCall, Investment
from samhandling.plans.models import Place

COORDINATOR = Role.SAFETY_COORDINATOR
CITY = Role.CITY_SAFETY
READERS_ALL = (Role.CITY_SAFETY, Role.CITY_ANALYST)
# Boundaries are large JSON documents: lists and maps of many records must not load one per row.
_PLACE_GEOMETRY = ("neighbourhood__geometry", "neighbourhood__district__geometry", "area")
# Anyone who may open the places app at all.
PLACES_ROLES = (
    Role.SAFETY_COORDINATOR,
    Role.CITY_SAFETY,
    Role.CITY_ANALYST,
    Role.DISTRICT_PLANNER,
    Role.PLACE_PARTNER,
    Role.POLICE_LIAISON,
)


def can_use_places(user: Viewer) -> bool:
    """True for the roles that have pages in the places app."""
    return has_role(user, *PLACES_ROLES)


def reads_all(user: Viewer) -> bool:
    return has_role(user, *READERS_ALL)


def is_city_safety(user: Viewer) -> bool:
    return has_role(user, CITY)


def coordinator_districts(user: Viewer) -> QuerySet[District]:
    """Districts whose safety work the user runs (the city's safety staff: all)."""
    if is_city_safety(user):
        return District.objects.all()
    return districts_with_role(user, COORDINATOR)


def staff_districts(user: Viewer) -> QuerySet[District]:
    """Districts the user reads as district staff: coordinators and planners."""
    return districts_with_role(user, COORDINATOR, Role.DISTRICT_PLANNER)


def _police_area_ids(user: Viewer) -> list[int]:
    return list(
        active_memberships(user)
        .filter(role=Role.POLICE_LIAISON, police_area__isnull=False)
        .values_list("police_area_id", flat=True)
    )


# --- places ----------------------------------------------------------------------------------


def visible_places(user: Viewer) -> QuerySet[Place]:
    """Places: the city sees all; district staff their districts'; partners the places of their collaborations."""
    places = Place.objects.select_related("neighbourhood__district").defer(*_PLACE_GEOMETRY)
    if not can_use_places(user):
        return places.none()
    if reads_all(user):
        return places
    if not user.is_authenticated:
        return places.none()
    member_of = Collaboration.objects.filter(members__user=user).values("place_id")
    return places.filter(Q(neighbourhood__district__in=staff_districts(user)) | Q(pk__in=member_of)).distinct()


def get_place_for_user(user: Viewer, pk: int) -> Place:
    place = visible_places(user).filter(pk=pk).first()
    if place is None:
        raise Http404
    return place


def can_edit_place(user: Viewer, place: Place) -> bool:
    return coordinator_districts(user).filter(pk=place.neighbourhood.district_id).exists()


# --- collaborations --------------------------------------------------------------------------


def visible_collaborations(user: Viewer) -> QuerySet[Collaboration]:
    """The city's safety staff and analysts all; district staff their districts'; partners those they are members of."""
    qs = Collaboration.objects.select_related("place__neighbourhood", "district").defer(
        "place__neighbourhood__geometry", "place__area", "district__geometry"
    )
    if not can_use_places(user):
        return qs.none()
    if reads_all(user):
        return qs
    return qs.filter(Q(district__in=staff_districts(user)) | Q(members__user=user)).distinct()


def get_collaboration_for_user(user: Viewer, pk: int) -> Collaboration:
    collaboration = visible_collaborations(user).filter(pk=pk).first()
    if collaboration is None:
        raise Http404
    return collaboration


def can_edit_collaboration(user: Viewer, collaboration: Collaboration) -> bool:
    """Change the group, the plan, meetings, walks and close it: the district's coordinators and the city."""
    return coordinator_districts(user).filter(pk=collaboration.district_id).exists()


def can_contribute(user: Actor, collaboration: Collaboration) -> bool:
    """Add observations and measures: those who edit, and every member with an account."""
    if not collaboration.is_active:
        return False
    return can_edit_collaboration(user, collaboration) or collaboration.members.filter(user=user).exists()


# --- investments and the fund -----------------------------------------------------------------


def visible_investments(user: Viewer) -> QuerySet[Investment]:
    qs = Investment.objects.select_related("district", "place").defer("district__geometry", "place__area")
    if reads_all(user):
        return qs
    return qs.filter(district__in=staff_districts(user))


def get_investment_for_user(user: Viewer, pk: int) -> Investment:
    investment = visible_investments(user).filter(pk=pk).first()
    if investment is None:
        raise Http404
    return investment


def can_edit_district(user: Viewer, district_id: int) -> bool:
    return coordinator_districts(user).filter(pk=district_id).exists()


def visible_fund_calls(user: Viewer) -> QuerySet[FundCall]:
    if reads_all(user) or has_role(user, COORDINATOR):
        return FundCall.objects.all()
    return FundCall.objects.none()


def visible_fund_applications(user: Viewer) -> QuerySet[FundApplication]:
    qs = FundApplication.objects.select_related("call", "district", "place").defer("district__geometry", "place__area")
    if reads_all(user):
        return qs
    return qs.filter(district__in=districts_with_role(user, COORDINATOR))


def get_fund_application_for_user(user: Viewer, pk: int) -> FundApplication:
    application = visible_fund_applications(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def can_manage_fund(user: Viewer) -> bool:
    """Open calls, review, decide and pay: the city's safety staff."""
    return is_city_safety(user)


# --- crisis events ----------------------------------------------------------------------------


def visible_events(user: Viewer) -> QuerySet[CrisisEvent]:
    """The city and analysts all; coordinators their districts'; police liaisons their local police area's."""
    qs = CrisisEvent.objects.select_related("district", "police_area", "place").defer(
        "district__geometry", "place__area"
    )
    if reads_all(user):
        return qs
    return qs.filter(
        Q(district__in=districts_with_role(user, COORDINATOR)) | Q(police_area_id__in=_police_area_ids(user))
    )


def get_event_for_user(user: Viewer, pk: int) -> CrisisEvent:
    event = visible_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def can_edit_event(user: Viewer, event: CrisisEvent) -> bool:
    return can_edit_district(user, event.district_id)
