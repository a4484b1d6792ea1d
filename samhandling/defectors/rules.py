"""The first-contact rule as data: loaded by migration 0002, changed by a new row with a later valid_from."""

import datetime

RULES = [
    {
        "valid_from": datetime.date(2023, 1, 1),
        "hours": 24,
        "first_reminder_hours": 12,
        "second_reminder_hours": 20,
        "source": "Stockholms stads budget 2023: kontakt med staden inom 24 timmar för den som vill lämna en "
        "kriminell livsstil",
        "note": "Tiden räknas i verkliga timmar från det att intresseanmälan kom in, även över natten och "
        "när klockan ställs om till eller från sommartid.",
    }
]


def load(rule_model) -> None:
    """Create the rules that are missing (idempotent)."""
    for row in RULES:
        rule_model.objects.get_or_create(valid_from=row["valid_from"], defaults=row)
