"""link_maker builds the same URLs as reverse(), for one argument and for several."""

import pytest
from django.urls import reverse

from samhandling.core.links import link_maker


@pytest.mark.parametrize("pk", [1, 7, 154113, 2**40])
def test_one_argument_matches_reverse(pk):
    assert link_maker("cases:case_detail")(pk) == reverse("cases:case_detail", args=[pk])


def test_two_arguments_match_reverse():
    link = link_maker("cases:factor_assessment", 2)
    assert link(12, 3) == reverse("cases:factor_assessment", args=[12, 3])
    assert link(3, 12) == reverse("cases:factor_assessment", args=[3, 12])


def test_wrong_number_of_ids_is_refused():
    with pytest.raises(TypeError):
        link_maker("cases:factor_assessment", 2)(12)


def test_ids_are_integers_only():
    # Nothing but an integer can reach the URL: a string would let text into the link.
    with pytest.raises(ValueError):
        link_maker("cases:case_detail")("1/../../admin")
