"""The catalogue's facts: ages, knowledge base and availability, each with its source (issue 16)."""

import pytest
from django.urls import reverse

from samhandling.catalogue import services
from samhandling.catalogue.loader import FACT_KINDS, apply_facts, fact_counts, read_facts
from samhandling.catalogue.models import Method
from samhandling.catalogue.selectors import find_methods, search_methods
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db

# Before this work: 12 of 135 methods stated ages, 11 had a knowledge base other than unknown and
# availability per district was known for 24. The floors are what method_facts.json now fills in.
AGES_FLOOR = 35
EVIDENCE_FLOOR = 16
AVAILABILITY_FLOOR = 39


def slugs(matches):
    return {m.method.slug for m in matches}


def has_fact(method: Method, kind: str) -> bool:
    if kind == "ages":
        return method.age_min is not None or method.age_max is not None
    if kind == "target_groups":
        return bool(method.target_groups)
    if kind == "evidence":
        return method.evidence != Method.Evidence.UNKNOWN
    return bool(method.availability_known or method.availability_district_count or method.available_in.exists())


def test_a_13_year_old_in_skarholmen_is_offered_only_methods_whose_ages_include_13():
    result = find_methods(13, "skarholmen", [])
    fitting = result.available + result.not_available + result.availability_unknown
    assert fitting, "the finder offers something"
    for match in fitting:
        m = match.method
        assert m.age_min is not None or m.age_max is not None, f"{m.slug} has no ages but is listed as fitting"
        assert (m.age_min is None or m.age_min <= 13) and (m.age_max is None or m.age_max >= 13), m.slug
    # Unknown ages are shown apart, never as fitting.
    assert result.age_unknown
    for match in result.age_unknown:
        assert match.method.age_min is None and match.method.age_max is None
        assert not match.age_stated
    assert not slugs(fitting) & slugs(result.age_unknown)
    everything = slugs(fitting) | slugs(result.age_unknown)
    for adult_or_infant in ("oppen-forskola", "jobbtorg-stockholm", "jobbtorg-funktionsnedsattning", "familjecentral"):
        assert adult_or_infant not in everything
    # Known examples: MST (12–17) fits, its districts are not named; the youth clinics are city-wide.
    assert "mst" in slugs(result.availability_unknown)
    assert {"ungdomsmottagning", "elevhalsa"} <= slugs(result.available)
    assert "faltarbete" in slugs(result.age_unknown)


def test_available_in_skarholmen_reflects_the_data():
    skarholmen = District.objects.get(code="skarholmen")
    result = find_methods(13, skarholmen, [])
    for match in result.available:
        assert skarholmen in match.method.available_in.all()
    # Available is no longer only the coercive and central measures.
    assert len(result.available) >= 5
    assert "losam" not in slugs(result.available), "LOSAM is in Skarpnäck and Enskede-Årsta-Vantör only"


def test_the_district_filter_lists_what_is_known_to_be_there():
    in_skarholmen = {m.slug for m in search_methods("", {"district": "skarholmen"})}
    assert {"faltarbete", "ungdomsmottagning", "sip", "ungdomstjanst"} <= in_skarholmen
    assert "losam" not in in_skarholmen, "LOSAM is in Skarpnäck and Enskede-Årsta-Vantör only"
    assert "mst" not in in_skarholmen, "the eight MST districts are not named; not claimed for any"
    assert "losam" in {m.slug for m in search_methods("", {"district": "skarpnack"})}
    mst = Method.objects.get(slug="mst")
    assert mst.availability_district_count == 8 and not mst.availability_known
    assert mst.available_in.count() == 0


def test_the_age_filter_leaves_out_adults_infants_and_unknown_ages():
    found = {m.slug for m in search_methods("", {"age": 13})}
    assert {"mst", "fft", "bsft", "komet", "mvp", "yolo"} <= found
    assert not found & {"oppen-forskola", "jobbtorg-stockholm", "hembesoksprogram", "mdft"}


def test_every_fact_has_a_source():
    for method in Method.objects.prefetch_related("available_in"):
        for kind in FACT_KINDS:
            if has_fact(method, kind):
                assert (method.fact_sources or {}).get(kind, "").strip(), f"{method.slug}: {kind} has no source"
        for kind, source in (method.fact_sources or {}).items():
            assert kind in FACT_KINDS and source.strip()


def test_the_facts_file_is_sound_and_its_sources_are_listed_on_the_method():
    facts = read_facts()
    methods = {m.slug: m for m in Method.objects.all()}
    assert set(facts) <= set(methods), "every fact belongs to a method in the catalogue"
    for slug, given in facts.items():
        method = methods[slug]
        for kind, fact in given.items():
            assert kind in FACT_KINDS
            assert fact["source"].strip()
            assert method.fact_sources[kind] == fact["source"]
            assert fact["source"] in method.sources
        if "ages" in given:
            lo, hi = given["ages"]["min"], given["ages"]["max"]
            assert lo is not None or hi is not None
            assert lo is None or hi is None or lo <= hi
            assert (method.age_min, method.age_max) == (lo, hi)
        if "evidence" in given:
            assert given["evidence"]["level"] in Method.Evidence.values
        if "availability" in given:
            av = given["availability"]
            assert av.get("all_districts") or av.get("districts") or av.get("district_count"), slug


def test_counts_of_methods_with_facts():
    counts = fact_counts(Method)
    assert counts["methods"] == 135
    assert counts["with_ages"] >= AGES_FLOOR
    assert counts["with_evidence"] >= EVIDENCE_FLOOR
    assert counts["with_availability"] >= AVAILABILITY_FLOOR
    assert Method.objects.filter(evidence=Method.Evidence.NATIONAL_GUIDELINE).count() == 6


def test_applying_the_facts_again_changes_nothing():
    before = {m.slug: (m.age_min, m.age_max, m.evidence, m.fact_sources, m.sources) for m in Method.objects.all()}
    result = apply_facts(Method, District)
    assert result["before"] == result["after"]
    after = {m.slug: (m.age_min, m.age_max, m.evidence, m.fact_sources, m.sources) for m in Method.objects.all()}
    assert after == before


def test_an_editor_changing_a_fact_without_a_source_is_recorded_as_its_source(catalogue_editor):
    method = Method.objects.get(slug="mdft")
    services.method_update(actor=catalogue_editor, method=method, data={"age_min": 11, "age_max": 18})
    method.refresh_from_db()
    assert method.fact_sources["ages"].startswith("Ändrad i katalogen")
    assert method.fact_sources["evidence"] == "001 §4.1.2", "other facts keep their source"
    services.method_update(
        actor=catalogue_editor,
        method=method,
        data={"age_max": 17, "fact_sources": {**method.fact_sources, "ages": "Programägaren"}},
    )
    method.refresh_from_db()
    assert method.fact_sources["ages"] == "Programägaren"


def test_the_pages_show_the_sources_and_the_unnamed_districts(client):
    html = client.get(reverse("catalogue:method_detail", kwargs={"slug": "mst"})).content.decode()
    assert "källa: Programägaren (MST Services)" in html
    assert "I 8 stadsdelsområden, som underlagen inte namnger" in html
    html = client.get(reverse("catalogue:finder"), {"age": "13", "district": "skarholmen"}).content.decode()
    assert "Ålder okänd" in html
    assert "Jobbtorg Stockholm" not in html
    assert "Öppen förskola" not in html


def test_the_edit_form_shows_and_saves_each_facts_source(client_for, catalogue_editor):
    from samhandling.catalogue.tests.test_views import form_data

    url = reverse("catalogue:method_edit", kwargs={"slug": "mdft"})
    html = client_for(catalogue_editor).get(url).content.decode()
    assert "Källa för kunskapsunderlaget" in html and 'value="001 §4.1.2"' in html
    method = Method.objects.get(slug="mdft")
    response = client_for(catalogue_editor).post(
        url, form_data(method, age_min="12", age_max="18", source_ages="Programägaren (MDFT International)")
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.age_min, method.age_max) == (12, 18)
    assert method.fact_sources["ages"] == "Programägaren (MDFT International)"
    assert method.fact_sources["evidence"] == "001 §4.1.2", "an empty source field keeps the source"
