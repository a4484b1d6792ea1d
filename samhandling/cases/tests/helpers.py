"""Test data for cases: fictitious children with valid test personal numbers."""

import datetime
import uuid

from django.utils import timezone

from samhandling.cases import services
from samhandling.cases.models import ConcernReport, Investigation
from samhandling.organisations.models import District


def luhn_number(birth: str, serial: str) -> str:
    """A valid 12-digit personal number for birth YYYYMMDD and a three-digit serial."""
    digits = birth[2:] + serial
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"{birth}{serial}{(10 - total % 10) % 10}"


CHILD_NUMBER = luhn_number("20120314", "982")  # fictitious, Skatteverket test-series style
OTHER_NUMBER = luhn_number("20110607", "983")


def report(
    *,
    actor=None,
    district="Hägersten-Älvsjö",
    number=CHILD_NUMBER,
    received_at=None,
    reporter_kind=ConcernReport.ReporterKind.SCHOOL,
    email="",
    first_name="Testbarn",
    last_name="Exempelsson",
) -> ConcernReport:
    data = services.ReportInput(
        reporter_kind=reporter_kind,
        description="Eleven har varit frånvarande i tre veckor.",
        district=District.objects.get(name=district),
        child_personal_number=number,
        child_first_name=first_name,
        child_last_name=last_name,
        reporter_name="Lärare Testsson",
        reporter_organisation="Testskolan",
        reporter_email=email,
    )
    created, _ = services.concern_report_submit(
        actor=actor, data=data, submission_token=uuid.uuid4(), received_at=received_at
    )
    return created


def assessed_report(worker, **kwargs) -> ConcernReport:
    """A report with its protection assessment recorded (needed before the initial assessment)."""
    r = report(**kwargs)
    services.protection_assessment_record(
        actor=worker, report=r, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    return r


def investigation(worker, *, days_ago=20) -> Investigation:
    received = timezone.now() - datetime.timedelta(days=days_ago)
    r = assessed_report(worker, received_at=received)
    services.initial_assessment_decide(
        actor=worker, report=r, decision="open", decided_on=timezone.localdate() - datetime.timedelta(days=days_ago - 5)
    )
    return r.case.investigations.get()


EMERGENCY_REASON = "Barnet är akut placerat hos oss i natt och vi behöver veta om skyddsbehov."


def open_emergency(user, case, *, hours=1, reason=EMERGENCY_REASON):
    """Break the glass with a listed reason and a written one long enough for the rule."""
    from samhandling.cases.models import EmergencyReason

    return services.emergency_access_open(
        actor=user,
        case=case,
        reason_code=EmergencyReason.objects.get(code="akut-skyddsbehov"),
        reason=reason,
        hours=hours,
    )
