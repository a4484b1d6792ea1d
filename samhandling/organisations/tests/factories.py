"""Factories for users with memberships: the personas every app's tests share."""

import factory
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from samhandling.accounts.models import User
from samhandling.organisations.models import (
    Administration,
    Agency,
    District,
    Membership,
    PoliceArea,
    Unit,
)
from samhandling.organisations.roles import Role


def ascii_sv(text: str) -> str:
    return text.translate(str.maketrans("åäöÅÄÖéÉ", "aaoAAOeE"))


TEST_PASSWORD = "Testlösenord-för-Samhandling-1"
_HASHED = make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    # Usernames may hold å, ä, ö; the mail address stays ASCII so that SMTP accepts it.
    email = factory.LazyAttribute(lambda u: f"{slugify(ascii_sv(u.username))}@test.samhandling.invalid")
    password = _HASHED


def district_unit(
    district_name: str, unit_name: str = "Barn och ungdom", kind: str = Unit.Kind.CHILD_AND_YOUTH
) -> Unit:
    """A unit in a district administration, created when missing."""
    district = District.objects.get(name=district_name)
    admin = Administration.objects.get(committee__district=district)
    unit, _ = Unit.objects.get_or_create(
        administration=admin, name=unit_name, defaults={"kind": kind, "district": district}
    )
    return unit


def city_unit(admin_name: str, unit_name: str, district_name: str | None = None, kind: str = Unit.Kind.OTHER) -> Unit:
    """A unit in a specialist administration, created when missing."""
    admin = Administration.objects.get(name=admin_name)
    district = District.objects.get(name=district_name) if district_name else None
    unit, _ = Unit.objects.get_or_create(
        administration=admin, name=unit_name, defaults={"kind": kind, "district": district}
    )
    return unit


def make_member(
    username: str,
    role: Role,
    unit: Unit | None = None,
    agency: Agency | None = None,
    police_area=None,
) -> User:
    user = UserFactory(username=username)
    Membership.objects.get_or_create(
        user=user, role=role, unit=unit, agency=agency, defaults={"police_area": police_area}
    )
    return user


def social_worker(district_name: str = "Hägersten-Älvsjö", username: str | None = None) -> User:
    return make_member(
        username or f"socsek-{district_name.lower()}",
        Role.SOCIAL_WORKER,
        district_unit(district_name),
    )


def unit_manager(district_name: str = "Hägersten-Älvsjö", username: str | None = None) -> User:
    return make_member(username or f"chef-{district_name.lower()}", Role.UNIT_MANAGER, district_unit(district_name))


def field_worker(district_name: str = "Hägersten-Älvsjö") -> User:
    return make_member(
        f"falt-{district_name.lower()}",
        Role.FIELD_WORKER,
        district_unit(district_name, "Fältgruppen", Unit.Kind.FIELD),
    )


def district_planner(district_name: str = "Hägersten-Älvsjö", username: str | None = None) -> User:
    unit = district_unit(district_name, "Förebyggande och trygghet", Unit.Kind.PREVENTION)
    return make_member(username or f"planerare-{district_name.lower()}", Role.DISTRICT_PLANNER, unit)


def school_reporter(district_name: str = "Hägersten-Älvsjö") -> User:
    unit = city_unit("Utbildningsförvaltningen", f"Testskolan i {district_name}", district_name, Unit.Kind.SCHOOL)
    return make_member(f"skola-{district_name.lower()}", Role.SCHOOL_STAFF, unit)


def police_liaison(area_code: str = "globen") -> User:
    return make_member(
        f"polis-{area_code}",
        Role.POLICE_LIAISON,
        agency=Agency.objects.get(code="polisen"),
        police_area=PoliceArea.objects.get(code=area_code),
    )


def city_analyst() -> User:
    return make_member("analytiker", Role.CITY_ANALYST, city_unit("Socialförvaltningen", "Analys och uppföljning"))


def log_reviewer() -> User:
    return make_member(
        "granskare",
        Role.LOG_REVIEWER,
        city_unit("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    )


def data_protection_officer() -> User:
    return make_member(
        "dataskydd",
        Role.DATA_PROTECTION,
        city_unit("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    )


def catalogue_editor() -> User:
    return make_member(
        "katalog",
        Role.CATALOGUE_EDITOR,
        city_unit("Socialförvaltningen", "Metodstöd och kunskapsutveckling"),
    )


def system_admin() -> User:
    return make_member("admin", Role.SYSTEM_ADMIN, city_unit("Socialförvaltningen", "Systemförvaltning"))


def outsider() -> User:
    """A logged-in user without any membership, hence without any rights."""
    return UserFactory(username="utan-roll")


def safety_coordinator(district_name: str = "Hägersten-Älvsjö", username: str | None = None) -> User:
    unit = district_unit(district_name, "Förebyggande och trygghet", Unit.Kind.PREVENTION)
    return make_member(username or f"trygghet-{district_name.lower()}", Role.SAFETY_COORDINATOR, unit)


def city_safety() -> User:
    return make_member("trygghet-staden", Role.CITY_SAFETY, city_unit("Socialförvaltningen", "Stadens trygghetsarbete"))


def place_partner(agency_name: str = "Centrumägaren Liljeholmen AB (test)", username: str | None = None) -> User:
    """A partner outside the city (a centre owner, a housing company) with an account for the collaboration."""
    agency, _ = Agency.objects.get_or_create(
        code=slugify(ascii_sv(agency_name))[:50], defaults={"name": agency_name, "kind": Agency.Kind.OTHER}
    )
    return make_member(username or f"partner-{agency.code}"[:150], Role.PLACE_PARTNER, agency=agency)


def welfare_controller(username: str = "kontrollant") -> User:
    unit = city_unit("Socialförvaltningen", "Internkontroll och välfärdsbrott")
    return make_member(username, Role.WELFARE_CONTROLLER, unit)


def procurement_officer(username: str = "upphandlare") -> User:
    unit = city_unit("Socialförvaltningen", "Upphandling")
    return make_member(username, Role.PROCUREMENT_OFFICER, unit)


def contract_follow_up(district_name: str = "Hägersten-Älvsjö", username: str | None = None) -> User:
    unit = district_unit(district_name, "Avtalsuppföljning", Unit.Kind.OTHER)
    return make_member(username or f"avtal-{district_name.lower()}", Role.CONTRACT_FOLLOW_UP, unit)
