"""The public catalogue pages, the permission matrix for editing, editing itself and its audit."""

import pytest
from django.urls import reverse

from samhandling.audit.models import AuditEvent
from samhandling.catalogue.models import Method

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("catalogue:method_list", {}),
    ("catalogue:finder", {}),
    ("catalogue:factor_list", {}),
    ("catalogue:strategy_list", {}),
    ("catalogue:strategy_detail", {"code": "2024-2026"}),
    ("catalogue:method_detail", {"slug": "bsft"}),
]


@pytest.mark.parametrize("name,kwargs", PUBLIC_PAGES)
def test_anyone_can_read_the_catalogue_without_logging_in(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


def test_the_start_page_searches_and_keeps_the_filters_in_the_url(client):
    response = client.get(reverse("catalogue:method_list"), {"q": "BFST", "evidence": "national_guideline"})
    html = response.content.decode()
    assert response.context["methods"][0].slug == "bsft"
    assert 'value="BFST"' in html
    assert 'value="national_guideline" selected' in html
    assert "q=BFST&amp;evidence=national_guideline" in html, "exports carry the same filters"


def test_a_bad_filter_value_is_explained_in_swedish_and_filters_nothing(client):
    response = client.get(reverse("catalogue:method_list"), {"age": "tretton"})
    html = response.content.decode()
    assert "Skriv åldern som ett heltal" in html
    assert response.context["total"] == Method.objects.count()


def test_the_list_is_paged_and_keeps_the_filters_across_pages(client):
    first = client.get(reverse("catalogue:method_list"), {"prevention_level": "förebyggande"})
    total = first.context["total"]
    assert total > 50 and len(first.context["methods"]) == 50
    assert "prevention_level=f%C3%B6rebyggande&amp;page=2" in first.content.decode()
    second = client.get(reverse("catalogue:method_list"), {"prevention_level": "förebyggande", "page": 2})
    assert len(second.context["methods"]) == total - 50
    assert not set(first.context["methods"]) & set(second.context["methods"])


def test_the_method_page_shows_the_catalogue_facts(client):
    html = client.get(reverse("catalogue:method_detail", kwargs={"slug": "mst"})).content.decode()
    assert "Multisystemisk terapi" in html
    assert "Multisystemic Therapy" in html
    assert "Rekommenderas i nationellt kunskapsstöd" in html
    assert "I 8 stadsdelsområden, som underlagen inte namnger" in html, "unknown districts are not shown as absent"


def test_a_licensed_instrument_is_marked_and_its_items_are_not_shown(client):
    html = client.get(reverse("catalogue:method_detail", kwargs={"slug": "savry"})).content.decode()
    assert "Licensierat bedömningsinstrument" in html
    assert "Socialsekreterare vid socialtjänstens barn- och ungdomsenheter" in html


def test_the_finder_page_answers_the_example(client):
    response = client.get(
        reverse("catalogue:finder"),
        {"age": "13", "district": "skarholmen", "factors": ["risk-school-failure", "risk-family-conflict"]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Passar och finns i Skärholmen" in html
    assert "Skulle passa men finns inte i Skärholmen" in html
    assert "Skolsociala team" in html


def test_the_finder_requires_an_age(client):
    html = client.get(reverse("catalogue:finder"), {"district": "skarholmen"}).content.decode()
    assert "Ange barnets eller den ungas ålder" in html


def test_the_strategy_page_compares_the_two_periods(client):
    html = client.get(reverse("catalogue:strategy_list")).content.decode()
    assert "2019-2022" in html and "2024-2026" in html
    assert "Strukturerad samverkan" in html
    assert "Civilsamhälle och näringsliv" in html


def test_an_unknown_method_answers_404(client):
    assert client.get(reverse("catalogue:method_detail", kwargs={"slug": "finns-inte"})).status_code == 404


# --- permission matrix for editing --------------------------------------------------------

EDIT_URLS = [
    lambda: reverse("catalogue:method_create"),
    lambda: reverse("catalogue:method_edit", kwargs={"slug": "bsft"}),
]


@pytest.mark.parametrize("url", EDIT_URLS)
def test_anonymous_visitors_are_sent_to_login_to_edit(client, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize(
    "persona",
    ["social_worker_hagersten", "district_planner", "city_analyst", "log_reviewer", "system_admin", "outsider"],
)
@pytest.mark.parametrize("url", EDIT_URLS)
def test_editing_without_the_catalogue_editor_role_is_forbidden(request, client_for, persona, url):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url()).status_code == 403
    assert client.post(url(), {"name": "Försök"}).status_code == 403
    assert not Method.objects.filter(name="Försök").exists()


@pytest.mark.parametrize("url", EDIT_URLS)
def test_catalogue_editors_may_edit(client_for, catalogue_editor, url):
    assert client_for(catalogue_editor).get(url()).status_code == 200


def test_only_editors_see_the_edit_button(client, client_for, catalogue_editor, social_worker_hagersten):
    url = reverse("catalogue:method_detail", kwargs={"slug": "bsft"})
    edit = reverse("catalogue:method_edit", kwargs={"slug": "bsft"})
    assert edit not in client.get(url).content.decode()
    assert edit not in client_for(social_worker_hagersten).get(url).content.decode()
    assert edit in client_for(catalogue_editor).get(url).content.decode()


# --- editing ----------------------------------------------------------------------------------


def form_data(method: Method, **changes) -> dict:
    """The edit form as the browser would post it for this method, with changes."""
    data = {
        "name": method.name,
        "abbreviation": method.abbreviation,
        "aliases": "\n".join(method.aliases),
        "description": method.description,
        "sub_areas": [s.pk for s in method.sub_areas.all()],
        "prevention_levels": method.prevention_levels,
        "prevention_type": method.prevention_type,
        "target_groups": method.target_groups,
        "age_min": "" if method.age_min is None else method.age_min,
        "age_max": "" if method.age_max is None else method.age_max,
        "age_note": method.age_note,
        "access": method.access,
        "legal_grounds": "\n".join(method.legal_grounds),
        "committees": [c.code for c in method.committees.all()],
        "partners": "\n".join(method.partners),
        "evidence": method.evidence,
        "evidence_note": method.evidence_note,
        "available_in": [d.code for d in method.available_in.all()],
        "availability_note": method.availability_note,
        "availability_district_count": method.availability_district_count,
        "factors": [f.code for f in method.factors.all()],
        "instrument_users": method.instrument_users,
        "sources": "\n".join(method.sources),
    }
    if method.availability_known:
        data["availability_known"] = "on"
    if method.licensed_instrument:
        data["licensed_instrument"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_edit_is_saved_audited_and_shown_in_the_history(client_for, catalogue_editor, client):
    method = Method.objects.get(slug="bsft")
    url = reverse("catalogue:method_edit", kwargs={"slug": "bsft"})
    response = client_for(catalogue_editor).post(
        url, form_data(method, age_min="11", age_max="17", available_in=["skarholmen"])
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.age_min, method.age_max) == (11, 17)
    assert [d.code for d in method.available_in.all()] == ["skarholmen"]
    event = AuditEvent.objects.get(verb="catalogue.method.update", target_id=str(method.pk))
    assert event.actor_username == catalogue_editor.username
    assert event.target_type == "catalogue.method"
    assert event.details["changed"]["age_min"] == {"from": 12, "to": 11}
    assert event.details["changed"]["available_in"] == {"from": [], "to": ["skarholmen"]}
    assert set(event.details["changed"]) == {"age_min", "age_max", "available_in", "fact_sources"}
    assert event.details["changed"]["fact_sources"]["to"]["ages"].startswith("Ändrad i katalogen")
    html = client_for(catalogue_editor).get(reverse("catalogue:method_detail", kwargs={"slug": "bsft"})).content
    assert f"<td>{catalogue_editor.username}</td>" in html.decode()
    assert "lägsta ålder" in html.decode()
    client.logout()
    public_html = client.get(reverse("catalogue:method_detail", kwargs={"slug": "bsft"})).content.decode()
    assert "En katalogredaktör" in public_html
    assert f"<td>{catalogue_editor.username}</td>" not in public_html


def test_saving_without_changes_writes_no_audit_event(client_for, catalogue_editor):
    method = Method.objects.get(slug="mst")
    client_for(catalogue_editor).post(reverse("catalogue:method_edit", kwargs={"slug": "mst"}), form_data(method))
    assert not AuditEvent.objects.filter(verb="catalogue.method.update").exists()


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"name": "Funktionell familjeterapi"}, "name", "används redan av metoden"),
        ({"aliases": "BSFT-ny\nFFT"}, "aliases", "används redan av metoden"),
        ({"abbreviation": "mst"}, "abbreviation", "används redan av metoden"),
        ({"age_min": "15", "age_max": "12"}, "age_max", "Högsta åldern får inte vara lägre än lägsta åldern"),
        ({"age_min": "-1"}, "age_min", "större än eller lika med 0"),
        ({"available_in": ["atlantis"]}, "available_in", "Okänd stadsdel: atlantis"),
    ],
)
def test_bad_input_is_rejected_in_swedish_and_nothing_typed_is_lost(
    client_for, catalogue_editor, changes, field, message
):
    method = Method.objects.get(slug="bsft")
    typed = "En ny beskrivning som redaktören har skrivit och inte vill förlora."
    response = client_for(catalogue_editor).post(
        reverse("catalogue:method_edit", kwargs={"slug": "bsft"}), form_data(method, description=typed, **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert typed in html
    assert "Inget sparades" in html
    method.refresh_from_db()
    assert method.description != typed
    assert not AuditEvent.objects.filter(verb="catalogue.method.update").exists()


def test_a_new_method_is_created_once_even_when_submitted_twice(client_for, catalogue_editor):
    client = client_for(catalogue_editor)
    page = client.get(reverse("catalogue:method_create"))
    token = page.context["form"].initial["submission_token"]
    data = {
        "name": "Lokal läxhjälp på biblioteket",
        "abbreviation": "",
        "aliases": "Biblioteksläxhjälp",
        "description": "Frivilliga hjälper elever med läxor.",
        "prevention_type": "social",
        "target_groups": ["young_person"],
        "age_min": "10",
        "age_max": "16",
        "access": "open",
        "evidence": "local_experience",
        "available_in": ["skarholmen"],
        "submission_token": token,
    }
    first = client.post(reverse("catalogue:method_create"), data)
    second = client.post(reverse("catalogue:method_create"), data)
    assert first.status_code == 302 and second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Method.objects.filter(name="Lokal läxhjälp på biblioteket").count() == 1
    created = AuditEvent.objects.filter(verb="catalogue.method.create")
    assert created.count() == 1
    method = Method.objects.get(name="Lokal läxhjälp på biblioteket")
    assert method.slug == "lokal-laxhjalp-pa-biblioteket"
    assert "laxhjalp-pa-biblioteket" in first["Location"]
    assert "biblioteksläxhjälp" in [a.lower() for a in method.aliases]
    from samhandling.catalogue.selectors import search_methods

    assert search_methods("biblioteksläxhjälp")[0] == method


def test_the_method_page_lists_activities_of_plans_the_reader_may_see(client):
    import datetime

    from samhandling.catalogue.models import PriorityArea, Strategy
    from samhandling.organisations.models import Committee
    from samhandling.plans.models import ActionPlan, Activity, PlanStatus

    strategy = Strategy.objects.get(code="2024-2026")
    committee = Committee.objects.get(code="sdn-skarholmen")
    area = PriorityArea.objects.get(strategy=strategy, number="4.2")
    approved = ActionPlan.objects.create(
        strategy=strategy,
        committee=committee,
        year=2025,
        title="Åtgärdsplan Skärholmen 2025",
        status=PlanStatus.APPROVED,
        decision_date=datetime.date(2025, 2, 20),
        decision_reference="SDN 2025/12",
    )
    draft = ActionPlan.objects.create(
        strategy=strategy, committee=committee, year=2026, title="Utkast Skärholmen 2026", status=PlanStatus.DRAFT
    )
    for plan, title in [(approved, "Skolsociala team i Bredäng"), (draft, "Hemlig utkastaktivitet")]:
        activity = Activity.objects.create(plan=plan, title=title, priority_area=area)
        activity.methods.add(Method.objects.get(slug="skolsociala-team"))
    html = client.get(reverse("catalogue:method_detail", kwargs={"slug": "skolsociala-team"})).content.decode()
    assert "Skolsociala team i Bredäng" in html
    assert reverse("plans:plan_detail", kwargs={"pk": approved.pk}) in html
    assert "Hemlig utkastaktivitet" not in html, "a draft plan is not public"
    assert "1 aktivitet i de åtgärdsplaner du kan se" in html
