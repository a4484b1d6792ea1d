"""Reads about a person, always through a case: guardians to show, and changes made by other units."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.cases.access import display_name, is_protected, visible_guardians
from samhandling.cases.models import Case, GuardianRegistration, Person, PersonChange

FIELD_LABELS = {
    "personal_number": _("personal number"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "address": _("address"),
    "birth_date": _("date of birth"),
}


@dataclass
class GuardianRow:
    person: Person
    name: str
    protected: bool


def guardian_rows(user, child: Person, *, revealed: bool = False) -> list[GuardianRow]:
    """The guardians the user may see, masked with the child when the child's identity is protected."""
    rows = []
    for g in visible_guardians(user, child).order_by("last_name", "first_name", "id"):
        protected = is_protected(g)
        rows.append(
            GuardianRow(person=g, name=display_name(g, revealed=revealed), protected=protected and not revealed)
        )
    return rows


@dataclass
class ChangeNotice:
    changed_at: object
    about_child: bool
    kind: str
    fields: list[str]


def changes_by_other_units(case: Case, *, limit: int = 10) -> list[ChangeNotice]:
    """Changes of the child's or the case's guardians' shared details made through another unit's case.

    Shown as "changed by another unit": which unit is not told, because that would reveal that
    another district has a case about the child.
    """
    guardian_ids = GuardianRegistration.objects.filter(case=case).values("guardian_id")
    changes = (
        PersonChange.objects.filter(Q(person_id=case.person_id) | Q(person_id__in=guardian_ids))
        .exclude(unit_id=case.unit_id)
        .order_by("-changed_at")[:limit]
    )
    notices = []
    for change in changes:
        fields = [str(FIELD_LABELS.get(name, name)) for name in change.fields]
        notices.append(
            ChangeNotice(
                changed_at=change.changed_at,
                about_child=change.person_id == case.person_id,
                kind=change.get_kind_display(),
                fields=fields,
            )
        )
    return notices
