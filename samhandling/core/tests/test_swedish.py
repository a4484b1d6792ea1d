"""Swedish conventions: alphabetical order with å, ä, ö last."""

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
