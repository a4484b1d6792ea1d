"""Swedish conventions: alphabetical order with å, ä, ö last; Swedish unless English is chosen."""

import pytest

from samhandling.core.text import swedish_sort_key, swedish_sorted


def test_a_a_o_sort_after_z():
    words = ["Östermalm", "Årsta", "Zinkensdamm", "Älvsjö", "Aspudden", "Bromma", "Östberga", "Ängby"]
    assert sorted(words, key=swedish_sort_key) == [
        "Aspudden",
        "Bromma",
        "Zinkensdamm",
        "Årsta",
        "Älvsjö",
        "Ängby",
        "Östberga",
        "Östermalm",
    ]


def test_sorting_ignores_case_and_treats_other_accents_as_their_base_letter():
    assert sorted(["émile", "Eva", "ebba", "Erik"], key=swedish_sort_key) == ["ebba", "émile", "Erik", "Eva"]
    assert swedish_sort_key("Åsa") == swedish_sort_key("åsa")


def test_within_words_too():
    assert sorted(["Hägersten", "Hagsätra", "Hässelby", "Hjulsta"], key=swedish_sort_key) == [
        "Hagsätra",
        "Hjulsta",
        "Hägersten",
        "Hässelby",
    ]


def test_swedish_sorted_takes_a_key():
    items = [{"n": "Örby"}, {"n": "Akalla"}, {"n": "Årstadal"}]
    assert [i["n"] for i in swedish_sorted(items, key=lambda i: i["n"])] == ["Akalla", "Årstadal", "Örby"]
    assert swedish_sort_key(None) == ""


@pytest.mark.django_db
def test_the_interface_is_swedish_even_when_the_browser_asks_for_english(client):
    response = client.get("/konto/logga-in/", headers={"accept-language": "en-US,en;q=0.9"})
    assert "Användarnamn" in response.content.decode()
    assert response["Content-Language"] == "sv"


@pytest.mark.django_db
def test_english_is_used_once_the_user_has_chosen_it(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/konto/logga-in/")
    assert "Username" in response.content.decode()
    assert response["Content-Language"] == "en"
