"""Statutory deadlines and retention rules as data, before and after 1 July 2025.

The paragraph references of the former act (SoL 2001:453) are stated as such. For the new act
(SoL 2025:400) only the act is named: the paragraph numbers are to be checked by the city's lawyers
and entered by a later data migration; that is why the rules are data and not code.
"""

import datetime

from django.db import migrations

OLD = datetime.date(2002, 1, 1)  # SoL (2001:453) entered into force 1 January 2002
NEW = datetime.date(2025, 7, 1)  # SoL (2025:400) entered into force 1 July 2025

DEADLINES = [
    (
        "protection",
        OLD,
        0,
        0,
        "11 kap. 1 a § socialtjänstlagen (2001:453)",
        "Genast: bedömning av om barnet är i behov av omedelbart skydd.",
    ),
    (
        "initial",
        OLD,
        14,
        0,
        "11 kap. 1 a § socialtjänstlagen (2001:453)",
        "Förhandsbedömning inom 14 dagar från det att anmälan kom in; längre tid om det finns särskilda skäl.",
    ),
    (
        "investigation",
        OLD,
        0,
        4,
        "11 kap. 2 § socialtjänstlagen (2001:453)",
        "Utredning inom fyra månader; förlängning för viss tid genom beslut om det finns särskilda skäl.",
    ),
    (
        "protection",
        NEW,
        0,
        0,
        "Socialtjänstlagen (2025:400)",
        "Fristen oförändrad i sak. Paragrafhänvisning i den nya lagen ska kontrolleras av stadens jurister.",
    ),
    (
        "initial",
        NEW,
        14,
        0,
        "Socialtjänstlagen (2025:400)",
        "Fristen oförändrad i sak. Paragrafhänvisning i den nya lagen ska kontrolleras av stadens jurister.",
    ),
    (
        "investigation",
        NEW,
        0,
        4,
        "Socialtjänstlagen (2025:400)",
        "Fristen oförändrad i sak. Paragrafhänvisning i den nya lagen ska kontrolleras av stadens jurister.",
    ),
]

RETENTION = [
    (
        "case_file",
        OLD,
        5,
        [5, 15, 25],
        "12 kap. 2 § socialtjänstlagen (2001:453)",
        "Gallras fem år efter sista anteckningen. Undantag enligt lagen, bland annat akter för personer "
        "födda den 5, 15 och 25 i varje månad (forskningsurval); övriga undantag prövas manuellt.",
    ),
    (
        "report_only",
        OLD,
        5,
        [5, 15, 25],
        "12 kap. 2 § socialtjänstlagen (2001:453)",
        "Uppgifter i en anmälan som inte lett till utredning gallras på samma sätt, fem år efter sista anteckningen.",
    ),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    RetentionRule = apps.get_model("cases", "RetentionRule")
    for kind, valid_from, days, months, ref, note in DEADLINES:
        DeadlineRule.objects.update_or_create(
            kind=kind,
            valid_from=valid_from,
            defaults={"days": days, "months": months, "legal_reference": ref, "note": note},
        )
    for record_class, valid_from, years, keep, ref, note in RETENTION:
        RetentionRule.objects.update_or_create(
            record_class=record_class,
            valid_from=valid_from,
            defaults={"years_after_last_entry": years, "keep_birth_days": keep, "legal_reference": ref, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
