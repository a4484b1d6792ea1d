"""Break the glass as data (reasons, limits), and which case registered each existing guardian."""

import datetime

from django.db import migrations

SOURCE = "Samhandling, rutin för nödåtkomst (förslag, fastställs av socialförvaltningens dataskyddsfunktion)"

REASONS = [
    ("akut-skyddsbehov", "Akut skyddsbehov för barnet"),
    ("socialjour", "Socialjouren: akut ärende utanför kontorstid"),
    ("vistas-i-stadsdelen", "Barnet vistas eller är placerat i vår stadsdel"),
    ("akut-polissamrad", "Akut samråd med polisen om ett frihetsberövat barn"),
]


def load(apps, schema_editor):
    reason = apps.get_model("cases", "EmergencyReason")
    rule = apps.get_model("cases", "EmergencyAccessRule")
    start = datetime.date(2024, 1, 1)
    for code, name in REASONS:
        reason.objects.get_or_create(code=code, defaults={"name": name, "valid_from": start, "source": SOURCE})
    rule.objects.get_or_create(
        valid_from=start,
        defaults={
            "daily_limit": 3,
            "min_reason_length": 40,
            "many_cases": 3,
            "working_day_start": datetime.time(7, 0),
            "working_day_end": datetime.time(18, 0),
            "source": SOURCE,
        },
    )


def register_existing_guardians(apps, schema_editor):
    """Attribute each guardian link to the case whose audit event registered it, else the child's first case."""
    person = apps.get_model("cases", "Person")
    case = apps.get_model("cases", "Case")
    registration = apps.get_model("cases", "GuardianRegistration")
    audit = apps.get_model("audit", "AuditEvent")
    link = person.guardians.through
    for row in link.objects.all().iterator():
        child_id, guardian_id = row.from_person_id, row.to_person_id
        case_ids = set()
        for details in audit.objects.filter(
            verb="cases.person.guardian_add", target_type="cases.person", target_id=str(child_id)
        ).values_list("details", flat=True):
            if details.get("guardian_id") == guardian_id and details.get("case_id"):
                case_ids.add(details["case_id"])
        case_ids &= set(case.objects.filter(person_id=child_id).values_list("id", flat=True))
        if not case_ids:
            first = case.objects.filter(person_id=child_id).order_by("created_at", "id").first()
            case_ids = {first.id} if first else set()
        for case_id in case_ids:
            registration.objects.get_or_create(case_id=case_id, guardian_id=guardian_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_leaks_access"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(register_existing_guardians, migrations.RunPython.noop),
    ]
