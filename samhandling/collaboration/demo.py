"""Demo forum cases: an SSPF on consent and a Trefas on a legal basis, in Hägersten-Älvsjö (fictitious)."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from samhandling.accounts.models import User
from samhandling.cases.models import Case
from samhandling.cases.services import guardian_add
from samhandling.collaboration import services
from samhandling.collaboration.models import Forum, LegalBasis
from samhandling.organisations.models import Agency, PoliceArea, Unit

_NS = uuid.UUID("0b7f6a52-8f9e-4c1e-a7a4-6b0d2f5c9e11")


def _token(name: str) -> uuid.UUID:
    return uuid.uuid5(_NS, name)


def _case(first_name: str) -> Case | None:
    return (
        Case.objects.filter(person__first_name=first_name, unit__district__name="Hägersten-Älvsjö")
        .select_related("person")
        .first()
    )


def _guardians(worker, case: Case) -> None:
    if case.person.guardians.exists():
        return
    for first in ("Demo-Förälder", "Demo-Vårdnadshavare"):
        guardian_add(actor=worker, case=case, first_name=first, last_name="Påhittad")


def _sspf(worker) -> bool:
    case = _case("Demo-Alva")
    if case is None or Forum.objects.filter(creation_token=_token("sspf")).exists():
        return False
    _guardians(worker, case)
    forum = services.forum_create(
        actor=worker, kind="sspf", case=case, requested_by="Västertorpsskolan (demo)", token=_token("sspf")
    )
    school = Unit.objects.get(name="Västertorpsskolan (demo)")
    leisure = Unit.objects.get(name="Fritid och kultur", district=case.unit.district)
    services.member_add(actor=worker, forum=forum, unit=school)
    services.member_add(actor=worker, forum=forum, unit=leisure)
    services.member_add(
        actor=worker,
        forum=forum,
        agency=Agency.objects.get(code="polisen"),
        police_area=PoliceArea.objects.get(code="globen"),
    )
    today = timezone.localdate()
    for i, (giver, _kind) in enumerate(services.required_givers(forum)):
        services.consent_record(
            actor=worker,
            forum=forum,
            given_by=giver,
            given_on=today - datetime.timedelta(days=14),
            method="scanned",
            parties=["school", "police", "leisure"],
            info_kinds=["identity", "situation", "plan", "meeting"],
            valid_to=today + datetime.timedelta(days=20 if i == 0 else 180),
            token=_token(f"sspf-consent-{i}"),
        )
    forum = services.forum_activate(actor=worker, forum=forum)
    forum = services.plan_update(
        actor=worker,
        forum=forum,
        goals="Jag vill klara nian och börja spela fotboll igen.",
        expected_version=forum.version,
    )
    meeting = services.meeting_create(
        actor=worker, forum=forum, starts_at=timezone.now() - datetime.timedelta(days=3), token=_token("sspf-m1")
    )
    services.meeting_save(
        actor=worker,
        meeting=meeting,
        expected_version=meeting.version,
        attendees=list(forum.members.all()),
        held=True,
        young_person_present=True,
        guardians_present=True,
        young_person_views="Demo: skolan känns bättre när jag har någon att prata med.",
        guardian_views="Demo: vi vill ha stöd med läxor.",
        decisions="Demo: läxhjälp två dagar i veckan; fritidsledaren visar fotbollsklubben.",
    )
    services.meeting_create(
        actor=worker, forum=forum, starts_at=timezone.now() + datetime.timedelta(days=25), token=_token("sspf-m2")
    )
    members = {m.party: m for m in forum.members.all()}
    services.action_add(
        actor=worker, forum=forum, what="Läxhjälp tisdag och torsdag", owner=members["school"],
        due_on=today + datetime.timedelta(days=30), token=_token("sspf-a1"),
    )  # fmt: skip
    services.action_add(
        actor=worker, forum=forum, what="Följa med på första fotbollsträningen", owner=members["leisure"],
        due_on=today - datetime.timedelta(days=2), token=_token("sspf-a2"),
    )  # fmt: skip
    services.disclosure_record(
        actor=worker,
        forum=forum,
        recipients=[members["school"], members["police"], members["leisure"]],
        what="plan",
        info_kind="plan",
        content=services.plan_snapshot(forum),
        legal_basis=LegalBasis.objects.get(code="osl-12-2-samtycke"),
        confirmed=True,
        token=_token("sspf-d1"),
    )
    return True


def _trefas(worker) -> bool:
    case = _case("Demo-Maja")
    if case is None or Forum.objects.filter(creation_token=_token("trefas")).exists():
        return False
    forum = services.forum_create(
        actor=worker, kind="trefas", case=case, requested_by="LPO Globen", token=_token("trefas")
    )
    police = services.member_add(
        actor=worker,
        forum=forum,
        agency=Agency.objects.get(code="polisen"),
        police_area=PoliceArea.objects.get(code="globen"),
    )
    services.member_add(actor=worker, forum=forum, agency=Agency.objects.get(code="kriminalvarden"))
    basis = LegalBasis.objects.get(code="osl-10-18a")
    forum = services.forum_activate(actor=worker, forum=forum, legal_basis=basis, confirmed=True)
    services.disclosure_record(
        actor=worker,
        forum=forum,
        recipients=[police],
        what="note",
        info_kind="crime",
        content="Demo: socialtjänsten har erbjudit stöd; den unge har tackat ja till ett första samtal.",
        legal_basis=basis,
        confirmed=True,
        token=_token("trefas-d1"),
    )
    return True


@transaction.atomic
def load(stdout) -> None:
    worker = User.objects.filter(username="socsek.hagersten").first()
    if worker is None:
        stdout.write("collaboration: no demo social worker, skipped\n")
        return
    made = sum([_sspf(worker), _trefas(worker)])
    stdout.write(f"collaboration: {made} demo forum case(s) created\n")
