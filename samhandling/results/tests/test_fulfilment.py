"""Goal fulfilment: met, on the way, not on the way and no data, computed against the straight path."""

from decimal import Decimal as D

from samhandling.results.fulfilment import MET, NO_DATA, NOT_ON_THE_WAY, ON_THE_WAY, assess


def judge(observations, *, baseline=("2019", "30"), target=("2025", "15"), lower=True):
    return assess(
        baseline_year=int(baseline[0]),
        baseline_value=D(baseline[1]),
        target_year=int(target[0]),
        target_value=D(target[1]),
        lower_is_better=lower,
        observations={p: (None if v is None else D(v)) for p, v in observations.items()},
    )


def test_it_says_met_when_the_target_value_is_reached():
    assert judge({"2019": "30", "2023": "14.9"}).status == MET


def test_it_says_on_the_way_when_at_least_as_good_as_the_path():
    # The path expects 30 - 15 * 4/6 = 20 in 2023.
    result = judge({"2023": "19"})
    assert result.status == ON_THE_WAY
    assert result.expected_value == D("20.00")


def test_it_says_not_on_the_way_when_worse_than_the_path():
    assert judge({"2023": "21"}).status == NOT_ON_THE_WAY


def test_it_says_not_on_the_way_when_the_target_year_passed_unmet():
    assert judge({"2026": "16"}).status == NOT_ON_THE_WAY


def test_it_says_no_data_without_a_figure_after_the_baseline():
    assert judge({"2018": "31", "2019": "30"}).status == NO_DATA
    assert judge({}).status == NO_DATA


def test_a_hidden_figure_counts_as_no_data_and_the_latest_shown_one_is_used():
    assert judge({"2023": None}).status == NO_DATA
    assert judge({"2021": "24", "2023": None}).latest_year == 2021


def test_an_increasing_target_uses_its_own_direction():
    result = judge({"2022": "87"}, baseline=("2020", "80"), target=("2024", "90"), lower=False)
    assert result.status == ON_THE_WAY  # the path expects 85
    assert judge({"2022": "84"}, baseline=("2020", "80"), target=("2024", "90"), lower=False).status == NOT_ON_THE_WAY
    assert judge({"2022": "91"}, baseline=("2020", "80"), target=("2024", "90"), lower=False).status == MET


def test_half_year_periods_count_by_their_year():
    assert judge({"2023-H1": "19"}).latest_year == 2023


def test_holding_a_level_uses_the_indicators_direction():
    assert judge({"2021": "9"}, baseline=("2020", "10"), target=("2024", "10"), lower=True).status == MET
    assert judge({"2021": "11"}, baseline=("2020", "10"), target=("2024", "10"), lower=True).status == NOT_ON_THE_WAY
