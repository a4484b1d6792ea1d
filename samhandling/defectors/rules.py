"""The defector rules as data: the first-contact rule (migration 0002) and the needs-investigation rule
(migration 0006), each changed by a new row with a later valid_from."""

import datetime
from typing import Any

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


NEEDS_RULES = [
    {
        "valid_from": datetime.date(2023, 1, 1),
        "days": 120,
        "follow_up_notice_days": 3,
        "source": "Socialtjänstlagen (2001:453) 11 kap. 1-2 §§: utredning utan dröjsmål, för barn inom fyra "
        "månader; stadens riktlinje för avhopparverksamheten tillämpar samma tid för vuxna",
        "note": "Tiden räknas i kalenderdagar från det att utredningen inleddes. Påminnelse om en uppföljning "
        "går till teamets gemensamma adress en gång, det antal dagar före uppföljningsdagen som regeln anger. "
        "Ska granskas av stadens jurister.",
    }
]


def load_needs(rule_model: Any) -> None:
    """Create the needs-investigation rules that are missing (idempotent)."""
    for row in NEEDS_RULES:
        rule_model.objects.get_or_create(valid_from=row["valid_from"], defaults=row)
