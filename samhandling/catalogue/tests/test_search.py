"""Searching the catalogue in Swedish: aliases, partial words, diacritics, ranking, the seed lists."""

import pytest

from samhandling.catalogue import search
from samhandling.catalogue.loader import read_catalogue
from samhandling.catalogue.models import Method
from samhandling.catalogue.selectors import search_methods

pytestmark = pytest.mark.django_db

SEED_LISTS = read_catalogue()["seed001_method_lists"]


def slugs(query, **filters):
    return [m.slug for m in search_methods(query, filters)]


def test_the_ten_method_lists_of_seed_001_are_all_linked_to_catalogue_entries():
    assert len(SEED_LISTS) == 10
    known = set(Method.objects.values_list("slug", flat=True))
    for section in SEED_LISTS:
        assert len(section["bullets"]) == len(section["method_slugs"]), section["section"]
        assert set(section["method_slugs"]) <= known, section["section"]


@pytest.mark.parametrize(
    "bullet,slug",
    [(b, s) for section in SEED_LISTS for b, s in zip(section["bullets"], section["method_slugs"], strict=True)],
)
def test_every_bullet_of_seed_001_finds_its_method(bullet, slug):
    method = Method.objects.get(slug=slug)
    assert slugs(method.name)[0] == slug, "searching the method's own name puts it first"
    assert slug in slugs(bullet)[:3], "searching the bullet as written in the strategy finds it near the top"


@pytest.mark.parametrize("query", ["bsft", "BFST", "BSFT", "kort strategisk familjeterapi", "Brief Strategic Family"])
def test_abbreviations_and_aliases_find_bsft(query):
    assert slugs(query)[0] == "bsft"


def test_search_ignores_case_and_swedish_diacritics():
    assert slugs("PÅ RÄTT VÄG")[0] == "pa-ratt-vag"
    assert slugs("pa ratt vag")[0] == "pa-ratt-vag"
    assert slugs("oppen forskola")[0] == "oppen-forskola"


def test_partial_words_and_inflections_find_the_method():
    assert set(slugs("familjeterapi")[:3]) == {"fft", "bsft", "mdft"}
    assert "fft" in slugs("familjeterapier")
    assert "skolsociala-team" in slugs("skolsoc")
    assert {"abc", "komet"} <= set(slugs("föräldraträffar"))


def test_an_exact_abbreviation_ranks_above_names_that_merely_contain_it():
    results = slugs("MST")
    assert results[0] == "mst"
    assert "ungdomstjanst" not in results, "short queries match word starts, not letters inside words"


def test_a_typo_still_finds_the_method_when_nothing_else_matches():
    assert slugs("multisistemisk")[0] == "mst"


def test_an_unknown_word_finds_nothing():
    assert slugs("zzzqqq") == []


def test_ranking_tiers_are_ordered():
    entry = search.make_entry(
        pk=1,
        name="Funktionell familjeterapi",
        abbreviation="FFT",
        aliases=["Functional Family Therapy"],
        description="Behandling för familjer med ungdomar.",
        sort_key="",
    )
    tiers = [
        search.score(entry, search.normalise(q)) for q in ["fft", "funktionell", "funk familj", "terapi", "ungdomar"]
    ]
    assert tiers == sorted(tiers, reverse=True)
    assert len(set(t // 1000 for t in tiers)) == 5


def test_normalise_and_stem():
    assert search.normalise("Skärholmen – ÖPPNA förskolor!") == "skarholmen oppna forskolor"
    assert search.stem("familjeterapier") == "familjeterapi"
    assert search.stem("mst") == "mst"
