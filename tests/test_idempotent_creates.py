"""Every create view: the same form sent three times in parallel creates one record, and every
request gets the first one's answer (samhandling.core.idempotency).

Each entry builds its own data, then three clients (three threads, three database connections)
post the same form with the same one-time key at the same moment.
"""

import datetime
import re
import threading
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samhandling.organisations.tests import factories as f

TODAY = timezone.localdate


@dataclass
class Create:
    user: object  # None: anonymous
    url: str
    data: dict
    model: type
    page: bool = True  # the form page renders the key


def _iso(day):
    return day.isoformat()


def _worker_report(worker):
    from samhandling.cases import services
    from samhandling.cases.tests import helpers

    report = helpers.report(actor=worker)
    services.concern_report_confirm_reporter(actor=worker, report=report, note="Ringde tillbaka.")
    return report


def _investigation_with_views(worker):
    from samhandling.cases.models import ChildViews
    from samhandling.cases.tests import helpers

    inv = helpers.investigation(worker)
    ChildViews.objects.create(
        investigation=inv, whose="child", recorded_on=TODAY(), how="Samtal", views="Vill bo kvar.", recorded_by=worker
    )
    return inv


def concern_report():
    from samhandling.cases.models import ConcernReport
    from samhandling.organisations.models import District

    f.social_worker()  # the district's unit for children and young people
    district = District.objects.get(name="Hägersten-Älvsjö")
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "public",
        "anonymous": "on",
        "child_first_name": "Testbarn",
        "district": district.pk,
        "description": "Barnet har varit ensamt hemma i flera dagar.",
    }
    return Create(None, reverse("cases:concern_report_form"), data, ConcernReport)


def consultation():
    from samhandling.cases.models import Consultation
    from samhandling.organisations.models import District

    district = District.objects.get(name="Hägersten-Älvsjö")
    data = {"district": district.pk, "question": "Hur gör vi när en elev ofta är frånvarande?"}
    return Create(f.school_reporter(), reverse("cases:consultation_ask"), data, Consultation)


def protection_assessment():
    from samhandling.cases.models import ProtectionAssessment

    worker = f.social_worker()
    report = _worker_report(worker)
    url = reverse("cases:protection_assessment", args=[report.pk])
    return Create(worker, url, {"immediate_protection_needed": "no", "notes": "Inget akut."}, ProtectionAssessment)


def _assessed_report(worker):
    """A confirmed report with its protection assessment: an initial assessment needs one."""
    from samhandling.cases import services

    report = _worker_report(worker)
    services.protection_assessment_record(
        actor=worker, report=report, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    return report


def initial_assessment():
    from samhandling.cases.models import InitialAssessment

    worker = f.social_worker()
    report = _assessed_report(worker)
    url = reverse("cases:initial_assessment", args=[report.pk])
    data = {"decision": "not_open", "decided_on": _iso(TODAY()), "reasons": "Stöd finns redan."}
    return Create(worker, url, data, InitialAssessment)


def reporter_feedback():
    from samhandling.cases import services
    from samhandling.cases.models import ReporterFeedback

    worker = f.social_worker()
    report = _assessed_report(worker)
    # The answer tells the reporter what the initial assessment led to, so it comes after it.
    services.initial_assessment_decide(actor=worker, report=report, decision="open", decided_on=TODAY())
    return Create(worker, reverse("cases:reporter_feedback", args=[report.pk]), {"outcome": "opened"}, ReporterFeedback)


def investigation_extend():
    from samhandling.cases.models import InvestigationExtension

    worker = f.social_worker()
    inv = _investigation_with_views(worker)
    data = {"new_due_on": _iso(inv.due_on + datetime.timedelta(days=30)), "reasons": "Väntar på BUP."}
    return Create(worker, reverse("cases:investigation_extend", args=[inv.pk]), data, InvestigationExtension)


def child_views():
    from samhandling.cases.models import ChildViews
    from samhandling.cases.tests import helpers

    worker = f.social_worker()
    inv = helpers.investigation(worker)
    data = {"whose": "child", "recorded_on": _iso(TODAY()), "how": "Samtal i skolan", "views": "Vill ha hjälp."}
    return Create(worker, reverse("cases:child_views", args=[inv.pk]), data, ChildViews)


def instrument_use():
    from samhandling.cases.models import InstrumentUse
    from samhandling.catalogue.models import Method

    worker = f.social_worker()
    inv = _investigation_with_views(worker)
    method = Method.objects.filter(licensed_instrument=True).first()
    data = {"method": method.pk, "used_on": _iso(TODAY()), "overall_judgement": "moderate"}
    return Create(worker, reverse("cases:instrument_use", args=[inv.pk]), data, InstrumentUse)


def intervention_decide():
    from samhandling.cases.models import InterventionDecision
    from samhandling.catalogue.models import Method

    worker = f.social_worker()
    inv = _investigation_with_views(worker)
    method = Method.objects.filter(licensed_instrument=False).order_by("name").first()
    day = _iso(TODAY())
    data = {
        "method": method.pk,
        "provider": "Stadsdelsförvaltningen i Hägersten",
        "basis": "consent",
        "decided_on": day,
        "start_on": day,
        "follow_up_on": _iso(TODAY() + datetime.timedelta(days=90)),
    }
    return Create(worker, reverse("cases:intervention_decide", args=[inv.case_id]), data, InterventionDecision)


def intervention_follow_up():
    from samhandling.cases.models import InterventionDecision, InterventionFollowUp
    from samhandling.catalogue.models import Method

    worker = f.social_worker()
    inv = _investigation_with_views(worker)
    decision = InterventionDecision.objects.create(
        case=inv.case,
        method=Method.objects.filter(licensed_instrument=False).first(),
        provider="SDF",
        basis="consent",
        decided_on=TODAY(),
        decided_by=worker,
        start_on=TODAY(),
        follow_up_on=TODAY(),
    )
    data = {"followed_up_on": _iso(TODAY()), "notes": "Går bra."}
    return Create(worker, reverse("cases:intervention_follow_up", args=[decision.pk]), data, InterventionFollowUp)


def police_request():
    from samhandling.cases.models import PoliceRequest

    worker = f.social_worker()
    report = _worker_report(worker)
    data = {"requested_on": _iso(TODAY()), "request": "Utredning enligt 31 § LUL."}
    return Create(worker, reverse("cases:police_request", args=[report.case_id]), data, PoliceRequest)


def emergency_access():
    from samhandling.cases.models import EmergencyAccess

    report = _worker_report(f.social_worker())
    other = f.social_worker("Rinkeby-Kista")
    from samhandling.cases.models import EmergencyReason
    from samhandling.cases.tests.helpers import EMERGENCY_REASON

    reason = EmergencyReason.objects.get(code="akut-skyddsbehov")
    data = {"case_number": report.case_id, "reason_code": reason.pk, "reason": EMERGENCY_REASON, "hours": "2"}
    return Create(other, reverse("cases:emergency_access"), data, EmergencyAccess)


def guardian_add():
    from samhandling.cases.models import Person

    worker = f.social_worker()
    report = _worker_report(worker)
    data = {"first_name": "Vårdnads", "last_name": "Havare", "address": "Testgatan 1"}
    return Create(worker, reverse("cases:guardian_add", args=[report.case_id]), data, Person)


def identity_grant():
    from samhandling.cases.models import ProtectedIdentityGrant

    manager = f.unit_manager()
    worker = f.social_worker()
    report = _worker_report(worker)
    person = report.case.person
    person.protected_identity = True
    person.save(update_fields=["protected_identity"])
    data = {
        "user": worker.pk,
        "reason": "Handläggaren behöver adressen för hembesök.",
        "valid_to": _iso(TODAY() + datetime.timedelta(days=30)),
    }
    return Create(manager, reverse("cases:identity_grant", args=[report.case_id]), data, ProtectedIdentityGrant)


def plan_create():
    from samhandling.organisations.models import Committee
    from samhandling.plans.models import ActionPlan
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    data = {"committee": committee.pk, "year": "2026", "title": "Handlingsplan 2026"}
    return Create(f.district_planner(), reverse("plans:plan_create"), data, ActionPlan)


def _draft_plan():
    from samhandling.organisations.models import Committee
    from samhandling.plans import services
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    planner = f.district_planner()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    return planner, services.plan_create(actor=planner, committee=committee, year=2026, title="Plan")


def problem_create():
    from samhandling.plans.models import Problem

    planner, plan = _draft_plan()
    url = reverse("plans:part_create", kwargs={"pk": plan.pk, "kind": "problem"})
    return Create(planner, url, {"title": "Otrygghet vid torget", "description": "Kvällstid."}, Problem)


def place_create():
    from samhandling.plans.forms import _neighbourhoods_for
    from samhandling.plans.models import Place

    planner, plan = _draft_plan()
    data = {
        "name": "Liljeholmstorget vid tunnelbanan",
        "kind": "square",
        "neighbourhood": _neighbourhoods_for(plan).first().pk,
    }
    return Create(planner, reverse("plans:place_create", args=[plan.pk]), data, Place)


def round_create():
    from samhandling.plans.models import FollowUpRound

    data = {"year": "2026", "period": "t1", "deadline": "2026-05-15"}
    return Create(f.city_analyst(), reverse("plans:round_list"), data, FollowUpRound)


def indicator_create():
    from samhandling.indicators.models import Indicator

    data = {
        "code": "ny-indikator-x",
        "name": "Ny indikator X",
        "kind": "count",
        "unit": "antal",
        "multiplier": "1",
        "source": "Testkälla",
        "frequency": "yearly",
        "direction": "lower",
        "gender_split": "none",
        "small_number_threshold": "5",
        "on_district": "on",
    }
    return Create(f.city_analyst(), reverse("indicators:indicator_create"), data, Indicator)


def method_create():
    from samhandling.catalogue.models import Method
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    data = {
        "name": "Ny metod för test",
        "prevention_type": "social",
        "evidence": "unknown",
        "access": "open",
        "submission_token": str(uuid.uuid4()),
    }
    return Create(f.catalogue_editor(), reverse("catalogue:method_create"), data, Method)


def _defector_case():
    from samhandling.defectors.tests import helpers

    return helpers.interest(hours_ago=2)


def defector_interest():
    from samhandling.defectors.models import DefectorCase
    from samhandling.defectors.tests import helpers

    helpers.central_team()
    worker = f.field_worker()
    data = {
        "received_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "channel": "field_workers",
        "district": f.district_unit("Hägersten-Älvsjö").district_id,
        "note": "Vill prata med någon i dag.",
    }
    return Create(worker, reverse("defectors:register"), data, DefectorCase)


def defector_first_contact():
    from samhandling.defectors.models import FirstContact
    from samhandling.defectors.tests import helpers

    case = _defector_case()
    data = {
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": "phone",
        "motivation": "Jag vill ut nu.",
    }
    return Create(helpers.team_member(), reverse("defectors:first_contact", args=[case.pk]), data, FirstContact)


def defector_threat_assessment():
    from samhandling.defectors.models import ThreatAssessment
    from samhandling.defectors.tests import helpers

    case = _defector_case()
    data = {
        "version": case.version,
        "received_on": _iso(TODAY()),
        "police_unit": "Lokalpolisområde Globen",
        "level": "Förhöjd hotbild",
        "bops_takes_part": "yes",
    }
    return Create(helpers.team_member(), reverse("defectors:threat_assessment", args=[case.pk]), data, ThreatAssessment)


def defector_support_item():
    from samhandling.defectors.models import SupportItem
    from samhandling.defectors.tests import helpers

    case = _defector_case()
    data = {"kind": "debt_advice", "provider": "Budget- och skuldrådgivningen", "starts_on": _iso(TODAY())}
    return Create(helpers.team_member(), reverse("defectors:support_item_add", args=[case.pk]), data, SupportItem)


def defector_needs_investigation():
    from samhandling.defectors.models import NeedsInvestigation
    from samhandling.defectors.tests import helpers

    member = helpers.team_member()
    case = helpers.open_case(member)
    data = {"opened_on": _iso(TODAY())}
    return Create(member, reverse("defectors:needs_open", args=[case.pk]), data, NeedsInvestigation)


def defector_follow_up():
    from samhandling.defectors.models import FollowUp
    from samhandling.defectors.tests import helpers

    case = _defector_case()
    data = {"due_on": _iso(TODAY()), "purpose": "Hur boendet fungerar"}
    return Create(helpers.team_member(), reverse("defectors:follow_up_add", args=[case.pk]), data, FollowUp)


def defector_relocation():
    from samhandling.collaboration.models import LegalBasis
    from samhandling.defectors.models import Relocation
    from samhandling.defectors.tests import helpers

    member = helpers.team_member()
    case = helpers.open_case(member)
    data = {
        "version": case.version,
        "moved_on": _iso(TODAY()),
        "municipality": "Umeå kommun",
        "recipient": "Socialtjänstens mottagning",
        "legal_basis": LegalBasis.objects.filter(is_consent=True).order_by("-valid_from").first().pk,
        "consent_given_on": _iso(TODAY()),
        "consent_method": "in_person",
        "confirmed": "on",
        "info_kinds": ["identity"],
        "disclosed": "Namn och att stödet fortsätter.",
        "own_view": "Jag vill flytta.",
    }
    return Create(member, reverse("defectors:relocation", args=[case.pk]), data, Relocation)


def defector_identity_grant():
    from samhandling.cases.models import ProtectedIdentityGrant
    from samhandling.defectors.tests import helpers

    case = helpers.open_case()
    member = helpers.team_member()
    data = {
        "user": member.pk,
        "reason": "Behöver ringa personen.",
        "valid_to": _iso(TODAY() + datetime.timedelta(days=7)),
    }
    url = reverse("defectors:identity_grant", args=[case.pk])
    return Create(helpers.team_manager(), url, data, ProtectedIdentityGrant)


def user_create():
    from samhandling.accounts.models import User

    data = {
        "username": "ny.handlaggare",
        "first_name": "Ny",
        "last_name": "Handläggare Nilsson",
        "email": "ny.handlaggare@test.samhandling.invalid",
        "oidc_subject": "sso-ny-handlaggare",
    }
    return Create(f.system_admin(), reverse("organisations:user_create"), data, User)


def membership_give():
    from samhandling.organisations.models import Membership

    manager = f.unit_manager("Hägersten-Älvsjö")
    newcomer = f.outsider()
    data = {"username": newcomer.username, "unit": f.district_unit("Hägersten-Älvsjö").pk, "role": "social_worker"}
    return Create(manager, reverse("organisations:membership_give"), data, Membership)


CREATES = [
    concern_report,
    consultation,
    protection_assessment,
    initial_assessment,
    reporter_feedback,
    investigation_extend,
    child_views,
    instrument_use,
    intervention_decide,
    intervention_follow_up,
    police_request,
    emergency_access,
    guardian_add,
    identity_grant,
    plan_create,
    problem_create,
    place_create,
    round_create,
    indicator_create,
    method_create,
    defector_interest,
    defector_first_contact,
    defector_threat_assessment,
    defector_support_item,
    defector_needs_investigation,
    defector_follow_up,
    defector_relocation,
    defector_identity_grant,
    user_create,
    membership_give,
]


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
        if user.requires_two_factor:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    return client


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("build", CREATES, ids=[b.__name__ for b in CREATES])
def test_the_same_form_sent_three_times_in_parallel_creates_one_record(build):
    create = build()
    first = _client(create.user)
    page = first.get(create.url)
    assert page.status_code == 200
    match = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page.text)
    assert match, "the form page renders no idempotency key"
    data = {**create.data, "idempotency_key": match.group(1)}
    before = create.model.objects.count()
    clients = [first, _client(create.user), _client(create.user)]
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def send(i):
        try:
            barrier.wait()
            responses[i] = clients[i].post(create.url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [r.status_code for r in responses]
    errors = [
        re.findall(r'label__message--error"[^>]*>([^<]*)<|role="alert"><div[^>]*><p>([^<]*)<', r.text)
        for r in responses
    ]
    assert statuses == [302, 302, 302], errors
    assert len({r["Location"] for r in responses}) == 1
    assert create.model.objects.count() == before + 1
