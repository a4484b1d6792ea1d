"""Demo goals, targets, programme logic, follow-up outcomes and survey answers (idempotent).

The safety programme's goal (halve unsafety by 2025) comes from seed 003; the strategy's overall goal
and priority areas from the catalogue (seed 001). Every other goal and target value is fictitious
and says so.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import Committee, District
from samhandling.plans.models import Activity, FollowUp, SurveyResponse
from samhandling.results.models import (
    ActivityLogic,
    Goal,
    GoalTarget,
    MethodLogic,
    ReportText,
    SteeringDocument,
)

DEMO_YEAR = 2024
LATEST = 2026  # the indicators' demo figures run to 2026
FICTITIOUS = "Fiktivt demovärde"
SEED_003 = (
    "Stockholms stad 2019-11-14, Brottsförebyggande och trygghetsskapande i Stockholms stad (trygghetsborgarrådet)"
)

METHOD_LOGIC = {
    "nattvandring": "Vuxna finns ute kvällar och helger; antal kvällar och antal unga som vuxna haft kontakt med.",
    "mvp": "Elever i åk 7–9 går hela MVP-programmet; andel av eleverna som genomfört alla pass.",
    "fritidsgardar": "Fler unga, också flickor, besöker fritidsgården; antal besökare per kväll efter kön.",
    "abc": "Föräldrar fullföljer föräldraträffarna; antal föräldrar som deltagit i minst tre av fyra träffar.",
    "skolsociala-team": "Elever med hög frånvaro får en plan; närvaron bland de elever som nåtts följs upp under året.",
    "sspf": "Unga i SSPF får en samordnad plan; antal unga med plan och andel där den unge deltagit i mötet.",
}


def _document(code, **fields):
    document, _ = SteeringDocument.objects.get_or_create(code=code, defaults=fields)
    return document


def _goal(document, number, title, **fields):
    goal, _ = Goal.objects.get_or_create(document=document, number=number, defaults={"title": title, **fields})
    return goal


def _value(indicator, year, district=None, gender="total"):
    qs = Value.objects.filter(indicator=indicator, period=str(year), gender=gender)
    qs = qs.filter(level=Level.DISTRICT, district=district) if district else qs.filter(level=Level.CITY)
    v = qs.first()
    return v.value.quantize(Decimal("0.1")) if v else None


def _target(
    goal,
    code,
    *,
    district=None,
    gender="total",
    baseline_year,
    target_year,
    factor=None,
    mode="",
    source,
    fictitious=True,
    note="",
):
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return None
    baseline = _value(indicator, baseline_year, district, gender)
    if baseline is None:
        return None
    latest = _value(indicator, LATEST, district, gender)
    if mode and latest is not None:
        # Fictitious targets chosen so that the demo shows every fulfilment status.
        span = Decimal(target_year - baseline_year) / Decimal(LATEST - baseline_year)
        share = Decimal("0.8") if mode == "met" else span * Decimal("0.9")
        value = (baseline + (latest - baseline) * share).quantize(Decimal("0.1"))
    else:
        value = (baseline * Decimal(factor)).quantize(Decimal("0.1"))
    row, _ = GoalTarget.objects.get_or_create(
        goal=goal,
        indicator=indicator,
        district=district,
        gender=gender,
        defaults={
            "baseline_year": baseline_year,
            "baseline_value": baseline,
            "target_year": target_year,
            "target_value": value,
            "source": source,
            "valid_from": datetime.date(baseline_year + 1, 1, 1),
            "is_fictitious": fictitious,
            "note": note,
        },
    )
    return row


@transaction.atomic
def load(stdout=None) -> None:
    strategy = Strategy.objects.filter(start_year__lte=DEMO_YEAR, end_year__gte=DEMO_YEAR).first()
    if strategy is None or not Indicator.objects.exists():
        if stdout:
            stdout.write("results: no strategy or indicators; no demo goals loaded")
        return
    start = datetime.date(strategy.start_year, 1, 1)
    strat = _document(
        "strategin",
        title=strategy.name,
        kind=SteeringDocument.Kind.STRATEGY,
        strategy=strategy,
        source="Kommunfullmäktige; strategin (seed 001)",
        valid_from=start,
        order=1,
    )
    overall = _goal(
        strat,
        "1",
        "Alla pojkar och flickor, unga män och kvinnor ges jämlika förutsättningar för en god framtid utan våld och kriminalitet",
        source="Strategins övergripande mål (seed 001, seed 004)",
        valid_from=start,
    )
    area_goals = {}
    for area in PriorityArea.objects.filter(strategy=strategy).order_by("number"):
        area_goals[area.number] = _goal(
            strat,
            area.number,
            area.name,
            parent=overall,
            priority_area=area,
            source="Strategins prioriterade område",
            valid_from=start,
        )
    safety = _document(
        "trygghetsprogrammet",
        title="Stadens trygghetsprogram",
        kind=SteeringDocument.Kind.SAFETY_PROGRAMME,
        source=SEED_003,
        valid_from=datetime.date(2019, 11, 14),
        valid_to=datetime.date(2025, 12, 31),
        order=2,
    )
    halve = _goal(
        safety,
        "1",
        "Otryggheten ska ha halverats till 2025",
        source=SEED_003,
        valid_from=datetime.date(2019, 11, 14),
        priority_area=PriorityArea.objects.filter(strategy=strategy, number="4.1").first(),
    )
    _goal(
        safety,
        "2",
        "Inga av stadens områden ska finnas på polisens lista över särskilt utsatta områden 2025",
        source=SEED_003,
        valid_from=datetime.date(2019, 11, 14),
        description="Följs upp mot polisens lista; listan finns inte som indikator i systemet ännu (ingen data).",
    )
    budget = _document(
        "budget-demo",
        title="Fiktiv: kommunfullmäktiges budgetmål (demo)",
        kind=SteeringDocument.Kind.BUDGET,
        source="Fiktiv demoangivelse",
        valid_from=datetime.date(DEMO_YEAR, 1, 1),
        order=3,
    )
    school = _goal(
        budget,
        "B1",
        "Fiktiv: fler elever fullföljer skolan",
        source="Fiktiv demoangivelse",
        valid_from=datetime.date(DEMO_YEAR, 1, 1),
    )
    hagersten = Committee.objects.filter(code="sdn-hagersten-alvsjo").first()
    own = None
    if hagersten:
        doc = _document(
            "hagersten-alvsjo-nämndmål-demo",
            title="Fiktiv: Hägersten-Älvsjö stadsdelsnämnds egna mål (demo)",
            kind=SteeringDocument.Kind.COMMITTEE,
            committee=hagersten,
            source="Fiktiv demoangivelse",
            valid_from=datetime.date(DEMO_YEAR, 1, 1),
            order=4,
        )
        own = _goal(
            doc,
            "N1",
            "Fiktiv: unga i stadsdelen känner sig tryggare",
            source="Fiktiv demoangivelse",
            valid_from=datetime.date(DEMO_YEAR, 1, 1),
        )

    # The seed's goal: halve unsafety between 2019 and 2025 (the baseline is the demo figure).
    _target(
        halve,
        "otrygghet-utomhus-kvall",
        baseline_year=2019,
        target_year=2025,
        factor="0.5",
        source=SEED_003,
        fictitious=False,
        note="Målet (halvering till 2025) ur seed 003; utgångsvärdet är demons fiktiva siffra.",
    )
    _target(
        area_goals.get("4.2", school),
        "behorighet-gymnasiet",
        baseline_year=2020,
        target_year=2026,
        factor="1.03",
        source=FICTITIOUS,
    )
    _target(school, "hog-ogiltig-franvaro", baseline_year=2020, target_year=2026, factor="0.8", source=FICTITIOUS)
    _target(
        area_goals.get("4.2", school),
        "forskola-inskrivning",
        baseline_year=2019,
        target_year=2026,
        mode="met",
        source=FICTITIOUS,
    )
    _target(
        area_goals.get("4.1", overall),
        "otrygghet-unga",
        baseline_year=2018,
        target_year=2030,
        mode="on_the_way",
        source=FICTITIOUS,
    )
    rinkeby = District.objects.filter(code__icontains="rinkeby").first()
    if rinkeby:
        _target(
            area_goals.get("4.1", overall),
            "otrygghet-utomhus-kvall",
            district=rinkeby,
            baseline_year=2019,
            target_year=2025,
            factor="0.5",
            source=FICTITIOUS,
        )
    if own and hagersten and hagersten.district_id:
        _target(
            own,
            "otrygghet-unga",
            district=hagersten.district,
            baseline_year=2018,
            target_year=2026,
            mode="met",
            source=FICTITIOUS,
        )
    # A target with no figure after its baseline: "no data yet".
    _target(
        area_goals.get("4.3", overall),
        "narkotika-unga",
        baseline_year=2026,
        target_year=2030,
        factor="0.9",
        source=FICTITIOUS,
    )

    for slug, text in METHOD_LOGIC.items():
        method = Method.objects.filter(slug=slug).first()
        if method:
            MethodLogic.objects.get_or_create(
                method=method, defaults={"short_term": text, "source": "Fiktiv demoangivelse"}
            )

    # Programme logic and follow-up outcomes for the fictitious demo plans.
    goals_for_area = {n: g for n, g in area_goals.items()}
    linked = 0
    activities = (
        Activity.objects.filter(plan__year=DEMO_YEAR, plan__is_demo=True).prefetch_related("methods").order_by("id")
    )
    for i, activity in enumerate(activities):
        logic, created = ActivityLogic.objects.get_or_create(activity=activity)
        if not created:
            continue
        method = activity.methods.first()
        default = METHOD_LOGIC.get(method.slug if method else "", "Fiktiv: deltagare nås under året.")
        logic.short_term = default
        logic.expected_reached = 40 + (i * 13) % 90
        logic.version = 1
        logic.save()
        goals = [g for g in [goals_for_area.get(activity.priority_area.number)] if g]
        if activity.priority_area.number == "4.1":
            goals.append(halve)
        if activity.priority_area.number == "4.2":
            goals.append(school)
        logic.goals.set(goals)
        linked += 1
        fu = FollowUp.objects.filter(activity=activity, effect="").first()
        if fu and i % 2 == 0:
            fu.effect = f"Fiktivt: {fu.reached_total} nådda mot förväntade {logic.expected_reached}; deltagarna fullföljde i hög grad."
            fu.effect_basis = "Fiktivt: närvarolistor"
            fu.save(update_fields=["effect", "effect_basis"])

    # Survey answers from five administrations (fictitious).
    now = datetime.datetime(DEMO_YEAR + 1, 2, 1, 12, tzinfo=datetime.UTC)
    for n, committee in enumerate(
        Committee.objects.filter(action_plans__year=DEMO_YEAR).distinct().order_by("code")[:5]
    ):
        SurveyResponse.objects.get_or_create(
            year=DEMO_YEAR,
            committee=committee,
            defaults={
                "answers": {
                    area.number: {
                        "results": f"Fiktivt svar: arbetet inom {area.name.lower()} har blivit mer samordnat.",
                        "consequences": "Fiktivt svar: tydligare ansvar mellan skola och socialtjänst."
                        if n % 2 == 0
                        else "",
                        "examples": "Fiktivt exempel: gemensamma kvällsvandringar med föreningar."
                        if n % 3 == 0
                        else "",
                    }
                    for area in PriorityArea.objects.filter(strategy=strategy)
                },
                "views": "Fiktivt: uppföljningen bör samordnas med trygghetsprogrammets så att vi rapporterar en gång.",
                "submitted_at": now,
            },
        )
    ReportText.objects.get_or_create(
        year=DEMO_YEAR,
        defaults={
            "reference": "Demo: SOF 2025/0001",
            "officer": "Demo: utredare vid avdelningen för stadsövergripande sociala frågor",
            "preparation": "Fiktivt: ärendet har beretts vid socialförvaltningens avdelning för stadsövergripande sociala frågor.",
            "version": 1,
        },
    )
    if stdout:
        stdout.write(
            f"results: {Goal.objects.count()} goals, {GoalTarget.objects.count()} targets, {linked} activities linked"
        )
