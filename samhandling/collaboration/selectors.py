"""Reads that span tables: the coordinator's overview and the disclosure register."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from samhandling.cases.models import Person
from samhandling.collaboration import access
from samhandling.collaboration.models import Action, Consent, Disclosure, Forum, LegalBasis, Meeting
from samhandling.core.annotations import Viewer

EXPIRY_WARNING_DAYS = 30


def overview(user: Viewer) -> dict[str, Any]:
    """My forum cases, the next meetings, overdue actions and consents about to expire (led forums only)."""
    today = timezone.localdate()
    led = access.led_forums(user).exclude(status=Forum.Status.ENDED)
    partner = access.partner_forums(user)
    return {
        "led": led.select_related("person").order_by("-created_at")[:200],
        "partner": partner.select_related("person").order_by("-created_at")[:200],
        "meetings": Meeting.objects.filter(forum__in=led, starts_at__gte=timezone.now(), held=False)
        .select_related("forum")
        .order_by("starts_at")[:20],
        "overdue": Action.objects.filter(forum__in=led, done_on__isnull=True, due_on__lt=today)
        .select_related("forum", "owner__unit__administration", "owner__agency", "owner__police_area")
        .order_by("due_on")[:50],
        "expiring": Consent.objects.filter(
            forum__in=led,
            withdrawn_at__isnull=True,
            valid_to__gte=today,
            valid_to__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .select_related("forum")
        .order_by("valid_to")[:50],
    }


def register(
    user: Viewer,
    *,
    year: int | None = None,
    party: str = "",
    legal_basis: LegalBasis | None = None,
    withdrawn: bool = False,
) -> QuerySet[Disclosure]:
    """The disclosure register, filtered by year, recipient party, ground and withdrawn consent."""
    qs = access.visible_disclosures(user)
    if year:
        qs = qs.filter(
            disclosed_at__gte=datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone()),
            disclosed_at__lt=datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone()),
        )
    if party:
        qs = qs.filter(recipient_party=party)
    if legal_basis is not None:
        qs = qs.filter(legal_basis=legal_basis)
    qs = qs.annotate(withdrawn_consents=Count("consents", filter=Q(consents__withdrawn_at__isnull=False)))
    if withdrawn:
        qs = qs.filter(withdrawn_consents__gt=0)
    return qs.select_related(
        "legal_basis", "recipient__unit__administration", "recipient__agency", "recipient__police_area"
    ).order_by("-disclosed_at", "-id")


def extract_disclosures(person: Any, *, user: Any) -> dict[str, Any]:
    """The collaboration part of a person's register extract (registered with cases in apps.py)."""
    return {"disclosures": disclosures_about(person, user=user)}


def disclosures_about(person: Person, *, user: Viewer | None = None) -> QuerySet[Disclosure]:
    """Disclosures about a person for the register extract (cases): those of the forums the user leads,
    or every one when no user is given (the data-protection function's full extract)."""
    from samhandling.collaboration.access import led_forums

    disclosures = Disclosure.objects.filter(person=person)
    if user is not None:
        disclosures = disclosures.filter(forum__in=led_forums(user))
    return disclosures.select_related("legal_basis").order_by("disclosed_at")
