"""Demo cases: a handful of clearly fictitious children in Hägersten-Älvsjö and Rinkeby-Kista.

The personal numbers are in the style of Skatteverket's test series (serial numbers 98x/99x)
with valid check digits; the names are invented and marked as such.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from samhandling.accounts.models import User
from samhandling.cases import services
from samhandling.cases.models import ConcernReport
from samhandling.organisations.models import District

# A fixed namespace so that the same demo report gets the same token: load() is idempotent.
_NS = uuid.UUID("6c1d1b4e-3f0c-4c55-9d1e-2c0f6a1b9e01")


def _number(birth: str, serial: str) -> str:
    digits = birth[2:] + serial
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"{birth}{serial}{(10 - total % 10) % 10}"


DEMO = [
    # district, birth, serial, first name, last name, reporter kind, days ago, worker username, open investigation
    ("Hägersten-Älvsjö", "20110402", "981", "Demo-Alva", "Testdotter", "school", 3, "socsek.hagersten", False),
    ("Hägersten-Älvsjö", "20100917", "982", "Demo-Elias", "Testsson", "police", 12, "socsek.hagersten", False),
    ("Hägersten-Älvsjö", "20090123", "983", "Demo-Maja", "Påhittad", "school", 40, "socsek.hagersten", True),
    ("Rinkeby-Kista", "20120611", "984", "Demo-Omar", "Exempel", "leisure", 5, "socsek.rinkeby", False),
    ("Rinkeby-Kista", "20081130", "985", "Demo-Lina", "Fiktiv", "health", 60, "socsek.rinkeby", True),
]


@transaction.atomic
def load(stdout) -> None:
    created = 0
    for district, birth, serial, first, last, kind, days_ago, username, investigate in DEMO:
        token = uuid.uuid5(_NS, f"{birth}{serial}")
        if ConcernReport.objects.filter(submission_token=token).exists():
            continue
        worker = User.objects.filter(username=username).first()
        data = services.ReportInput(
            reporter_kind=kind,
            description="Demo: påhittad oro för ett påhittat barn.",
            district=District.objects.get(name=district),
            child_personal_number=_number(birth, serial),
            child_first_name=first,
            child_last_name=last,
            reporter_name="Demo Anmälare",
            reporter_organisation="Demoverksamheten",
        )
        received = timezone.now() - datetime.timedelta(days=days_ago)
        # The police demo report came through the public form: a claim social services have yet to confirm.
        public = kind == "police"
        report, _ = services.concern_report_submit(
            actor=None if public else worker,
            data=data,
            submission_token=token,
            received_at=received,
            channel=ConcernReport.Channel.ESERVICE if public else ConcernReport.Channel.REGISTERED,
        )
        if worker is not None:
            report.case.assigned_to = worker
            report.case.save(update_fields=["assigned_to"])
            if investigate:
                services.protection_assessment_record(
                    actor=worker, report=report, immediate_protection_needed=False, notes="Demo: ingen akut fara."
                )
                services.initial_assessment_decide(
                    actor=worker,
                    report=report,
                    decision="open",
                    decided_on=timezone.localtime(received).date() + datetime.timedelta(days=10),
                )
        created += 1
    created += _closed_demo_case()
    stdout.write(f"cases: {created} demo case(s) created\n")


def _closed_demo_case() -> int:
    """A case that ended: no investigation was opened, the reporter got a letter, and the case is closed."""
    token = uuid.uuid5(_NS, "closed-demo-case")
    worker = User.objects.filter(username="socsek.hagersten").first()
    if worker is None or ConcernReport.objects.filter(submission_token=token).exists():
        return 0
    data = services.ReportInput(
        reporter_kind="preschool",
        description="Demo: påhittad oro som visade sig obefogad.",
        district=District.objects.get(name="Hägersten-Älvsjö"),
        child_personal_number=_number("20150822", "986"),
        child_first_name="Demo-Nils",
        child_last_name="Avslutad",
        reporter_name="Demo Förskollärare",
        reporter_organisation="Demoförskolan",
    )
    received = timezone.now() - datetime.timedelta(days=20)
    report, _ = services.concern_report_submit(
        actor=worker,
        data=data,
        submission_token=token,
        received_at=received,
        channel=ConcernReport.Channel.REGISTERED,  # taken by phone: social services know the reporter
    )
    services.protection_assessment_record(
        actor=worker, report=report, immediate_protection_needed=False, notes="Demo: ingen akut fara."
    )
    decided = timezone.localtime(received).date() + datetime.timedelta(days=7)
    services.initial_assessment_decide(
        actor=worker,
        report=report,
        decision="not_open",
        decided_on=decided,
        reasons="Demo: oron är utredd av förskolan.",
    )
    services.reporter_feedback_record(actor=worker, report=report, outcome="not_opened")
    case = report.case
    case.refresh_from_db()
    services.case_close(
        actor=worker, case=case, expected_version=case.version, reason="no_investigation", closed_on=decided
    )
    return 1
