"""The data of the rewritten effects report (seed 004's structure). Every figure says what it
counts, over which period and how many plans it rests on."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from samhandling.cases.models import ChildViews, Investigation
from samhandling.catalogue.models import PriorityArea, Strategy
from samhandling.core.text import swedish_sort_key
from samhandling.places.selectors import event_counts
from samhandling.plans.forms import SURVEY_QUESTIONS
from samhandling.plans.models import Activity, FollowUp, FollowUpRound, Period, PlanReport, SurveyResponse
from samhandling.plans.selectors.common import counted_plans
from samhandling.results import fulfilment, selectors
from samhandling.results.models import GoalTarget, ReportExample, ReportQuote, ReportText

CANDIDATES = 10  # examples offered per priority area on the report page
SMALL = 5  # aggregated child-rights shares are suppressed under five, as the indicators are
GENDER_KEYS = ("girls", "boys", "women", "men", "unspecified")
ROUND_ORDER = {Period.T1: 1, Period.T2: 2, Period.YEAR: 3}


def _reach(followups) -> dict[str, int]:
    out = dict.fromkeys(GENDER_KEYS, 0)
    for fu in followups:
        for key in GENDER_KEYS:
            out[key] += getattr(fu, f"reached_{key}") or 0
    out["total"] = sum(out[k] for k in GENDER_KEYS)
    return out


def headline_round(year: int) -> FollowUpRound | None:
    """The full-year round if there is one, else the latest round of the year (the report says which)."""
    rounds = sorted(FollowUpRound.objects.filter(year=year), key=lambda r: ROUND_ORDER[r.period])
    return rounds[-1] if rounds else None


def child_rights(year: int) -> dict:
    """Share of investigations completed in the year with the child's own views recorded (city-wide, suppressed under five)."""
    done = Investigation.objects.filter(completed_on__year=year)
    total = done.count()
    with_views = done.filter(
        pk__in=ChildViews.objects.filter(whose=ChildViews.Whose.CHILD).values("investigation_id")
    ).count()
    # Either count under five (with or without views) hides the share, as a small cell would be.
    shown = with_views >= SMALL and (total - with_views) >= SMALL
    return {
        "investigations": total if total >= SMALL else None,
        "with_views": with_views if shown else None,
        "share": round(100 * with_views / total) if shown and total else None,
        "suppressed": not shown,
    }


def suggested_examples(entries: list[dict], limit: int = 5) -> list[dict]:
    """Activities whose follow-up shows the clearest short-term outcome: an effect described, reach
    compared with what was expected (met first), then the largest reach."""

    def key(e):
        ratio = (e["reached"] / e["expected"]) if e["expected"] else 0
        return (bool(e["effect"]), ratio >= 1, ratio, e["reached"])

    return sorted([e for e in entries if e["effect"] or e["reached"]], key=key, reverse=True)[:limit]


def violent_events(year: int) -> list[dict]:
    """Serious violent events with crisis support per district, as in public figures (small counts hidden)."""
    from samhandling.places.models import CrisisEvent

    kinds = dict(CrisisEvent.Kind.choices)
    by_district: dict[str, list[dict]] = defaultdict(list)
    for row in event_counts(year=year, public=True):
        by_district[row["district"]].append({"kind": kinds.get(row["kind"], row["kind"]), "count": row["count"]})
    return [{"district": d, "kinds": by_district[d]} for d in sorted(by_district, key=swedish_sort_key)]


def report_data(year: int) -> dict:
    plans = list(counted_plans(year).select_related("committee__district").order_by("committee__name"))
    n_plans = len(plans)
    strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first()
    areas = list(PriorityArea.objects.filter(strategy=strategy)) if strategy else []
    rnd = headline_round(year)
    rounds = sorted(FollowUpRound.objects.filter(year=year), key=lambda r: ROUND_ORDER[r.period])
    # Only what the report uses: no methods, places or neighbourhoods (their geometry is large).
    activities = list(
        Activity.objects.filter(plan__in=counted_plans(year))
        .select_related("plan__committee__district", "priority_area", "results_logic")
        .defer("plan__committee__district__geometry")
        .prefetch_related(
            Prefetch("followups", queryset=FollowUp.objects.select_related("round")), "results_logic__goals"
        )
        .order_by("plan__committee__name", "priority_area__number", "order", "id")
    )
    picked = set(ReportExample.objects.filter(year=year).values_list("followup_id", flat=True))

    round_rows = []
    for r in rounds:
        fus = [f for a in activities for f in a.followups.all() if f.round_id == r.pk]
        reach = _reach(fus)
        round_rows.append(
            {
                "round": r,
                "plans_with_followups": len({f.activity.plan_id for f in fus}) if fus else 0,
                "plans_submitted": PlanReport.objects.filter(round=r, plan__in=plans).count(),
                "followups": len(fus),
                **reach,
            }
        )

    by_area = {
        a.pk: {"area": a, "activities": [], "committees": set(), "districts": set(), "outcomes": []} for a in areas
    }
    for activity in activities:
        entry = by_area.get(activity.priority_area_id)
        if entry is None:
            continue
        entry["activities"].append(activity)
        entry["committees"].add(activity.plan.committee.name)
        if activity.plan.committee.district_id:
            entry["districts"].add(activity.plan.committee.district.name)
        logic = getattr(activity, "results_logic", None)
        fu = next((f for f in activity.followups.all() if rnd and f.round_id == rnd.pk), None)
        if fu is None:
            continue
        entry["outcomes"].append(
            {
                "followup": fu,
                "activity": activity,
                "committee": activity.plan.committee.name,
                "expected_text": logic.short_term if logic else "",
                "expected": logic.expected_reached if logic else None,
                "reached": fu.reached_total,
                "effect": fu.effect,
                "basis": fu.effect_basis,
                "picked": fu.pk in picked,
            }
        )
    cache: dict = {}
    target_rows = [
        selectors.assess_target(t, public=False, cache=cache, until_year=year)
        for t in GoalTarget.objects.select_related("goal__document", "goal__priority_area", "indicator", "district")
    ]
    area_list = []
    for entry in by_area.values():
        outcomes = entry["outcomes"]
        chosen = [o for o in outcomes if o["picked"]] if picked else []
        entry["examples"] = chosen or suggested_examples(outcomes)
        entry["examples_are_suggested"] = not chosen
        entry["reach"] = _reach([o["followup"] for o in outcomes])
        entry["committees"] = sorted(entry["committees"])
        entry["districts"] = sorted(entry["districts"])
        entry["targets"] = [r for r in target_rows if r.target.goal.priority_area_id == entry["area"].pk]
        entry["with_expected"] = [o for o in outcomes if o["expected"]]
        entry["met_expected"] = sum(1 for o in entry["with_expected"] if o["reached"] >= o["expected"])
        # The report body sums per plan; the annex has every activity.
        per_plan: dict[str, dict] = {}
        for o in entry["with_expected"]:
            row = per_plan.setdefault(
                o["committee"], {"committee": o["committee"], "n": 0, "met": 0, "expected": 0, "reached": 0}
            )
            row["n"] += 1
            row["met"] += o["reached"] >= o["expected"]
            row["expected"] += o["expected"]
            row["reached"] += o["reached"]
        entry["outcomes_by_plan"] = [per_plan[k] for k in sorted(per_plan)]
        # The page offers the best candidates and whatever is already picked, not every follow-up.
        best = suggested_examples(outcomes, limit=CANDIDATES)
        entry["candidates"] = best + [o for o in outcomes if o["picked"] and o not in best]
        area_list.append(entry)

    status_counts: dict[str, int] = defaultdict(int)
    for row in target_rows:
        status_counts[row.assessment.status] += 1

    responses = list(SurveyResponse.objects.filter(year=year, submitted_at__isnull=False).select_related("committee"))
    quoted = {(q.response_id, q.key) for q in ReportQuote.objects.filter(year=year)}
    survey = []
    for area in areas:
        for key, label in SURVEY_QUESTIONS:
            answers = []
            for resp in responses:
                text = ((resp.answers or {}).get(area.number) or {}).get(key, "").strip()
                if text:
                    answers.append(
                        {
                            "response": resp,
                            "committee": resp.committee.name,
                            "text": text,
                            "key": f"{area.number}:{key}",
                            "quoted": (resp.pk, f"{area.number}:{key}") in quoted,
                        }
                    )
            survey.append({"area": area, "question": str(label), "answers": answers})
    views = [
        {
            "response": r,
            "committee": r.committee.name,
            "text": r.views,
            "key": "views",
            "quoted": (r.pk, "views") in quoted,
        }
        for r in responses
        if r.views
    ]
    headline = next((row for row in round_rows if rnd and row["round"].pk == rnd.pk), None)
    return {
        "year": year,
        "plans": plans,
        "n_plans": n_plans,
        "activity_count": len(activities),
        "round": rnd,
        "rounds": round_rows,
        "headline": headline,
        "areas": area_list,
        "targets": target_rows,
        "status_counts": {k: status_counts.get(k, 0) for k in fulfilment.LABELS},
        "survey": survey,
        "survey_views": views,
        "survey_count": len(responses),
        "committees_asked": len({p.committee_id for p in plans}),
        "child_rights": child_rights(year),
        "violent_events": violent_events(year),
        "text": ReportText.objects.filter(year=year).first() or ReportText(year=year),
    }


def default_summary(data: dict) -> str:
    """A summary written from the data, which the analyst can replace."""
    h = data["headline"]
    parts = [
        _(
            "The report covers %(year)s: %(plans)s decided local action plans with %(acts)s activities, "
            "their follow-up and the answers of %(survey)s of %(asked)s administrations to the survey."
        )
        % {
            "year": data["year"],
            "plans": data["n_plans"],
            "acts": data["activity_count"],
            "survey": data["survey_count"],
            "asked": data["committees_asked"],
        }
    ]
    if h:
        parts.append(
            _(
                "In the follow-up %(round)s, %(with)s of %(plans)s plans reported figures; the activities reached %(total)s people (%(girls)s girls, %(boys)s boys, %(women)s women, %(men)s men, %(unspec)s without gender recorded)."
            )
            % {
                "round": h["round"],
                "with": h["plans_with_followups"],
                "plans": data["n_plans"],
                "total": h["total"],
                "girls": h["girls"],
                "boys": h["boys"],
                "women": h["women"],
                "men": h["men"],
                "unspec": h["unspecified"],
            }
        )
    c = data["status_counts"]
    parts.append(
        _(
            "Of %(n)s targets of the goals: %(met)s met, %(way)s on the way, %(not)s not on the way and %(none)s without data yet."
        )
        % {
            "n": len(data["targets"]),
            "met": c[fulfilment.MET],
            "way": c[fulfilment.ON_THE_WAY],
            "not": c[fulfilment.NOT_ON_THE_WAY],
            "none": c[fulfilment.NO_DATA],
        }
    )
    return " ".join(parts)


LIMITS_TEXT = _(
    "What the figures can and cannot show: the follow-up counts activities and the people they reached, as the "
    "administrations reported them; the same person can be counted in several activities. The indicators describe "
    "the situation in the city and the districts; they change for many reasons, and preventive work takes years "
    "to show. A change in an indicator in a district that worked on the area is therefore not evidence that the "
    "work caused it: the report describes, it does not claim effects the data cannot carry. Effects can only be "
    "shown by evaluations with a comparison group, which the catalogue names for each method where they exist."
)
