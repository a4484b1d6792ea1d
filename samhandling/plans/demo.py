"""Demo plans: Hägersten-Älvsjö's real plan (seed 002) and clearly fictitious plans for the other committees.

Idempotent: a committee that already has a plan for the demo year is left as it is.
"""

import datetime
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from samhandling.catalogue.models import Method, PriorityArea
from samhandling.indicators.models import Indicator
from samhandling.organisations.models import Agency, Committee, Neighbourhood
from samhandling.plans import importer, services
from samhandling.plans.models import (
    ActionPlan,
    Activity,
    FollowUp,
    FollowUpRound,
    FrozenSituation,
    Place,
    PlanStatus,
    SituationSection,
)
from samhandling.plans.seed002 import PLACES, SEED_002, SEED_002_PLACES, TEXT_FILE
from samhandling.plans.selectors.charts import freeze_situation

DEMO_YEAR = 2024
DATA = Path(__file__).parent / "data"

FICTITIOUS_THEMES = [
    ("Fiktiv: fritidsgård med förlängda kvällsöppettider", "fritidsgardar", "4.2"),
    ("Fiktiv: MVP i årskurs 7–9", "mvp", "4.3"),
    ("Fiktiv: SSPF för barn 10–15 år", "sspf", "4.2"),
    ("Fiktiv: föräldraträffar med ABC", "abc", "4.1"),
    ("Fiktiv: platssamverkan kring centrum", "platssamverkan", "4.4"),
    ("Fiktiv: nattvandring med föreningar", "nattvandring", "4.4"),
    ("Fiktiv: skolsocialt team mot frånvaro", "skolsociala-team", "4.2"),
    ("Fiktiv: sociala insatsgrupper", "sig", "4.1"),
    ("Fiktiv: läxhjälp med civilsamhället", "laxhjalp", "4.4"),
    ("Fiktiv: fältassistenter i skolan", "faltarbete", "4.1"),
]


def _seed_002_places(hagersten: Committee) -> dict[str, Place]:
    """The places seed 002 names, as Place rows in their neighbourhoods (created once)."""
    hoods = {n.name: n for n in Neighbourhood.objects.filter(district=hagersten.district)}
    places = {}
    for name, (hood, kind) in SEED_002_PLACES.items():
        if hood in hoods:
            places[name], _ = Place.objects.get_or_create(neighbourhood=hoods[hood], name=name, defaults={"kind": kind})
    return places


def _seed_002_plan(hagersten: Committee) -> ActionPlan:
    strategy = services.strategy_for_year(DEMO_YEAR)
    plan = ActionPlan.objects.create(
        strategy=strategy,
        committee=hagersten,
        year=DEMO_YEAR,
        title="Insatser för att minska rekrytering av barn och unga till gängkriminalitet",
        summary=(
            "Hägersten-Älvsjös lokala handlingsplan (åtgärdsdelen), inläst aktivitet för aktivitet ur "
            "underlaget. Beslutsdatum och diarienummer finns inte i underlaget och är demoangivelser."
        ),
        status=PlanStatus.APPROVED,
        decision_date=datetime.date(DEMO_YEAR, 1, 25),
        decision_reference="Demo: ej angivet i underlaget",
    )
    blocks = importer.read_document(TEXT_FILE, (DATA / TEXT_FILE).read_bytes())
    bodies = {p.title: p.body for p in importer.split_activities(blocks)}
    areas = {a.number: a for a in PriorityArea.objects.filter(strategy=strategy)}
    agencies = {a.code: a for a in Agency.objects.all()}
    place_rows = _seed_002_places(hagersten)
    for order, (title, slugs, area, kind) in enumerate(SEED_002, start=1):
        methods = list(Method.objects.filter(slug__in=slugs))
        hoods, place_names, place_note, other_partners, partner_codes = PLACES.get(title, ([], [], "", [], []))
        sub = next((sa for m in methods for sa in m.sub_areas.all() if sa.priority_area_id == areas[area].pk), None)
        activity = Activity.objects.create(
            plan=plan,
            title=title.replace("Föräldrastödsrpogram", "Föräldrastödsprogram"),
            description=bodies.get(title, ""),
            priority_area=areas[area],
            sub_area=sub,
            prevention_type=kind,
            place_note=place_note,
            other_partners=", ".join(other_partners),
            term="long",
            order=order,
        )
        activity.methods.set(methods)
        activity.neighbourhoods.set(Neighbourhood.objects.filter(name__in=hoods, district=hagersten.district))
        activity.places.set([place_rows[n] for n in place_names if n in place_rows])
        activity.partners.set([agencies[c] for c in partner_codes if c in agencies])
    _seed_002_situation(plan, place_rows)
    # Approved: its situation figures are frozen as the approval service would have done.
    FrozenSituation.objects.get_or_create(
        plan=plan, defaults={"taken_at": timezone.now(), "data": freeze_situation(plan)}
    )
    return plan


def _seed_002_situation(plan: ActionPlan, place_rows: dict[str, Place]) -> None:
    """A situation-picture section for the demo, drawn from what seed 002 says about its places."""
    section = SituationSection.objects.create(
        plan=plan,
        theme="Otrygghet kring Liljeholmen och Älvsjö",
        text=(
            "Underlaget beskriver kontinuerlig platssamverkan i Liljeholmen, Fruängen/Västertorp/Hägerstensåsen "
            "och Älvsjö/Solberga, ordningsvakter vid tillståndsområdena och planerad kamerabevakning vid "
            "Liljeholmstorget, Trekantsparken och Liljeholmskajen. Demo: avsnittet är sammanställt ur "
            "åtgärdsdelen; planens egen lägesbild ingår inte i underlaget."
        ),
        sources=["police", "own_observations"],
        as_of=datetime.date(DEMO_YEAR, 1, 15),
        author="Demo (ur seed 002)",
        show_indicators=True,
        order=1,
    )
    section.neighbourhoods.set(
        Neighbourhood.objects.filter(name__in=["Liljeholmen", "Älvsjö", "Solberga"], district=plan.committee.district)
    )
    names = ["Liljeholmstorget", "Trekantsparken", "Liljeholmskajen", "Resecentrum i Älvsjö", "Liljeholmens galleria"]
    section.places.set([place_rows[n] for n in names if n in place_rows])
    # Two indicators with figures by district (the indicators' demo loads before this one).
    with_figures = Indicator.objects.filter(on_district=True, values__level="district").distinct().order_by("name")
    section.indicators.set(list(with_figures[:2]))


def _fictitious_plan(committee: Committee, rng: random.Random) -> ActionPlan:
    strategy = services.strategy_for_year(DEMO_YEAR)
    plan = ActionPlan.objects.create(
        strategy=strategy,
        committee=committee,
        year=DEMO_YEAR,
        title=f"Fiktiv demoplan för {committee.name} {DEMO_YEAR}",
        summary="Påhittad plan för demonstrationen. Inga uppgifter här beskriver nämndens verkliga arbete.",
        status=PlanStatus.APPROVED,
        decision_date=datetime.date(DEMO_YEAR, 2, 15),
        decision_reference=f"Demo {DEMO_YEAR}/{rng.randint(100, 999)}",
        is_demo=True,
    )
    areas = {a.number: a for a in PriorityArea.objects.filter(strategy=strategy)}
    for order, (title, slug, area) in enumerate(rng.sample(FICTITIOUS_THEMES, rng.randint(3, 6)), start=1):
        method = Method.objects.filter(slug=slug).first()
        activity = Activity.objects.create(
            plan=plan,
            title=title,
            description="Påhittad aktivitet för demonstrationen.",
            priority_area=areas[area],
            prevention_type="situational" if slug == "platssamverkan" else "social",
            is_local_activity=method is None,
            order=order,
        )
        if method:
            activity.methods.set([method])
    return plan


def _followups(rng: random.Random) -> None:
    rnd, _ = FollowUpRound.objects.get_or_create(
        year=DEMO_YEAR, period="t1", defaults={"deadline": datetime.date(DEMO_YEAR, 5, 15)}
    )
    for activity in Activity.objects.filter(plan__year=DEMO_YEAR, plan__is_demo=True).exclude(followups__round=rnd):
        FollowUp.objects.create(
            activity=activity,
            round=rnd,
            status=rng.choice(["ongoing", "ongoing", "done", "planned", "paused"]),
            done="Påhittad uppföljning för demonstrationen.",
            reached_girls=rng.randint(5, 60),
            reached_boys=rng.randint(5, 80),
        )


@transaction.atomic
def load(stdout=None) -> None:
    """Create the demo plans (idempotent)."""
    if not Method.objects.exists():
        if stdout:
            stdout.write("plans: the method catalogue is empty; no demo plans loaded")
        return
    rng = random.Random(2024)
    hagersten = Committee.objects.get(code="sdn-hagersten-alvsjo")
    created = 0
    if not ActionPlan.objects.filter(committee=hagersten, year=DEMO_YEAR).exists():
        _seed_002_plan(hagersten)
        created += 1
    for committee in Committee.objects.exclude(pk=hagersten.pk).order_by("code"):
        if not ActionPlan.objects.filter(committee=committee, year=DEMO_YEAR).exists():
            _fictitious_plan(committee, rng)
            created += 1
    _followups(rng)
    if stdout:
        stdout.write(
            f"plans: {created} demo plans created ({ActionPlan.objects.filter(year=DEMO_YEAR).count()} for {DEMO_YEAR})"
        )
