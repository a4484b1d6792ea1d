"""Two planners edit the same record: the second save is refused with a conflict page, nothing is overwritten."""

import datetime

import pytest
from django.test import Client

from samhandling.catalogue.models import Factor
from samhandling.organisations.tests import factories as f
from samhandling.plans import forms, services
from samhandling.plans.models import ActionPlan, Activity, Cause, FollowUp, Problem, SituationSection
from samhandling.plans.tests.test_followup import followup_post

pytestmark = pytest.mark.django_db

CONFLICT_TEXT = "Någon annan sparade först"


def editor(user) -> Client:
    client = Client()
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    return client


@pytest.fixture
def two_planners(district_planner):
    return editor(district_planner), editor(f.district_planner("Hägersten-Älvsjö", username="planerare2"))


def as_post_data(form) -> dict:
    """What the browser sends back for an unchanged form (the hidden edit_version included)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


def parts(plan):
    section = SituationSection.objects.create(
        plan=plan,
        theme="Skolnärvaro",
        text="Låg närvaro.",
        sources=["police"],
        as_of=datetime.date(2025, 1, 10),
        author="Hanna",
    )
    problem = Problem.objects.create(plan=plan, title="Rekrytering vid centrum")
    cause = Cause.objects.create(problem=problem, description="Få vuxna på kvällarna")
    cause.factors.set(Factor.objects.all()[:1])
    return {
        "lagesbild": (section, forms.SituationSectionForm, {"plan": plan}, "theme"),
        "problem": (problem, forms.ProblemForm, {}, "title"),
        "orsak": (cause, forms.CauseForm, {}, "description"),
        "aktivitet": (plan.activities.first(), forms.ActivityForm, {"plan": plan}, "title"),
    }


def test_a_second_plan_edit_from_a_stale_form_gets_the_conflict_page(two_planners, make_plan, hagersten):
    plan = make_plan(hagersten)
    first, second = two_planners
    url = f"/planer/{plan.pk}/andra/"
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    opened = {"summary": "", "edit_version": plan.edit_version}
    assert first.post(url, {**opened, "title": "Förstas titel"}).status_code == 302
    r = second.post(url, {**opened, "title": "Andras titel"})
    assert r.status_code == 409
    html = r.content.decode()
    assert CONFLICT_TEXT in html and "Förstas titel" in html and "Andras titel" in html
    assert ActionPlan.objects.get(pk=plan.pk).title == "Förstas titel"
    # Reopened, the second planner saves on top of the first one's change.
    plan.refresh_from_db()
    assert (
        second.post(url, {"summary": "", "title": "Andras titel", "edit_version": plan.edit_version}).status_code == 302
    )
    assert ActionPlan.objects.get(pk=plan.pk).title == "Andras titel"


@pytest.mark.parametrize("kind", ["lagesbild", "problem", "orsak", "aktivitet"])
def test_a_second_part_edit_from_a_stale_form_is_refused(two_planners, make_plan, hagersten, kind):
    plan = make_plan(hagersten)
    instance, form_class, extra, field = parts(plan)[kind]
    url = f"/planer/{plan.pk}/{kind}/{instance.pk}/"
    first, second = two_planners
    assert first.get(url).status_code == 200
    opened = as_post_data(form_class(instance=instance, **extra))
    assert opened["edit_version"] == "1"
    r = first.post(url, {**opened, field: "Den förstas text"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = second.post(url, {**opened, field: "Den andras text"})
    assert r.status_code == 409
    assert CONFLICT_TEXT in r.content.decode()
    instance.refresh_from_db()
    assert getattr(instance, field) == "Den förstas text" and instance.edit_version == 2


def test_an_edit_without_the_version_is_not_saved(two_planners, make_plan, hagersten):
    plan = make_plan(hagersten)
    activity = plan.activities.first()
    data = as_post_data(forms.ActivityForm(instance=activity, plan=plan))
    del data["edit_version"]
    r = two_planners[0].post(f"/planer/{plan.pk}/aktivitet/{activity.pk}/", {**data, "title": "Utan version"})
    assert r.status_code == 200
    assert "Formuläret är inaktuellt" in r.content.decode()
    assert Activity.objects.get(pk=activity.pk).title != "Utan version"


def test_the_service_refuses_a_stale_version(district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    with pytest.raises(services.EditConflict):
        services.plan_update(actor=district_planner, plan=plan, title="x", summary="", expected_version=0)


def test_a_second_followup_save_from_a_stale_form_is_refused(
    two_planners, make_plan, hagersten, city_analyst, district_planner
):
    plan = make_plan(hagersten, status="approved")
    rnd = services.round_create(actor=city_analyst, year=2025, period="t1", deadline=datetime.date(2025, 5, 15))
    url = f"/planer/{plan.pk}/uppfoljning/{rnd.pk}/"
    first, second = two_planners
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    activity = plan.activities.first()
    assert first.post(url, followup_post(plan, **{f"a{activity.pk}-done": "Den förstas svar"})).status_code == 302
    r = second.post(url, followup_post(plan, **{f"a{activity.pk}-done": "Den andras svar"}))
    assert r.status_code == 409
    assert CONFLICT_TEXT in r.content.decode() and "Den förstas svar" in r.content.decode()
    saved = FollowUp.objects.get(activity=activity, round=rnd)
    assert saved.done == "Den förstas svar"
    # With the saved version, the second planner's answer is saved on top.
    data = followup_post(plan, **{f"a{activity.pk}-done": "Den andras svar", f"a{activity.pk}-edit_version": "1"})
    assert second.post(url, data).status_code == 302
    saved.refresh_from_db()
    assert (saved.done, saved.edit_version) == ("Den andras svar", 2)
