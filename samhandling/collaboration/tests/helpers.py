"""Test data for forum cases: a 15-year-old in Hägersten-Älvsjö with two guardians, and partners."""

import datetime
import uuid

from django.utils import timezone

from samhandling.cases.models import Person
from samhandling.cases.services import guardian_add
from samhandling.cases.tests import helpers as case_helpers
from samhandling.collaboration import services
from samhandling.collaboration.models import Forum, LegalBasis
from samhandling.organisations.models import Agency, PoliceArea, Unit
from samhandling.organisations.tests import factories as f


def years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def number_for_age(years: int, serial: str = "981") -> str:
    return case_helpers.luhn_number(years_ago(years).strftime("%Y%m%d"), serial)


def case_for(worker, *, age: int = 15, serial: str = "981", district="Hägersten-Älvsjö", guardians: int = 2):
    """A case (in the worker's district) about a child of the given age, with guardians registered."""
    case = case_helpers.report(number=number_for_age(age, serial), district=district).case
    for i in range(guardians):
        guardian_add(actor=worker, case=case, first_name=f"Vårdnadshavare{i + 1}", last_name="Testsson")
    return case


def school_unit() -> Unit:
    return f.city_unit(
        "Utbildningsförvaltningen", "Testskolan i Hägersten-Älvsjö", "Hägersten-Älvsjö", Unit.Kind.SCHOOL
    )


def police() -> Agency:
    return Agency.objects.get(code="polisen")


def consent_all(worker, forum: Forum, parties=("school", "police", "leisure")) -> list:
    """Every required giver consents to everything for a year."""
    made = []
    for giver, _kind in services.required_givers(forum):
        made.append(
            services.consent_record(
                actor=worker,
                forum=forum,
                given_by=giver,
                given_on=timezone.localdate(),
                method="scanned",
                parties=list(parties),
                info_kinds=["identity", "plan", "meeting", "situation", "school", "crime"],
                valid_to=timezone.localdate() + datetime.timedelta(days=365),
                token=uuid.uuid4(),
            )
        )
    return made


def sspf(worker, *, age: int = 15, with_school=True, protected=False) -> Forum:
    """An active SSPF forum led by the worker's unit, with the school and the police (Globen) as members."""
    case = case_for(worker, age=age)
    if protected:
        Person.objects.filter(id=case.person_id).update(protected_identity=True)
        case.person.refresh_from_db()
    forum = services.forum_create(actor=worker, kind="sspf", case=case, requested_by="Skolan", token=uuid.uuid4())
    if with_school:
        services.member_add(actor=worker, forum=forum, unit=school_unit())
    services.member_add(actor=worker, forum=forum, agency=police(), police_area=PoliceArea.objects.get(code="globen"))
    consent_all(worker, forum)
    return services.forum_activate(actor=worker, forum=forum)


def share(worker, forum: Forum, party: str, content: str, info_kind="plan", basis_code="osl-12-2-samtycke"):
    member = forum.members.get(party=party)
    return services.disclosure_record(
        actor=worker,
        forum=forum,
        recipients=[member],
        what="plan",
        info_kind=info_kind,
        content=content,
        legal_basis=LegalBasis.objects.get(code=basis_code),
        confirmed=True,
        token=uuid.uuid4(),
    )
