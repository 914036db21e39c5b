"""The survey statistics on hand-computed values."""

import math

import pytest

from laget.analysis import surveys as stats


def test_wilson_interval_for_8_of_10():
    # centre (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.71674; half-width 0.22658
    low, high = stats.wilson(8, 10)
    assert low == pytest.approx(0.49016, abs=1e-4)
    assert high == pytest.approx(0.94332, abs=1e-4)


def test_wilson_interval_at_zero_and_all():
    low, high = stats.wilson(0, 10)
    assert low == pytest.approx(0.0)
    assert high == pytest.approx(0.27753, abs=1e-4)
    low, high = stats.wilson(10, 10)
    assert low == pytest.approx(1 - 0.27753, abs=1e-4)
    assert high == pytest.approx(1.0)


def test_wilson_of_no_answers_is_empty_and_bad_counts_are_refused():
    assert stats.wilson(0, 0) == (0.0, 0.0)
    with pytest.raises(ValueError):
        stats.wilson(11, 10)


def test_likert_summary_mean_and_share_agreeing():
    summary = stats.likert_summary([1, 2, 4, 5, 5])
    assert summary.n == 5
    assert summary.mean == pytest.approx(3.4)
    assert summary.agree.count == 3
    assert summary.agree.share == pytest.approx(0.6)
    assert summary.distribution == {1: 1, 2: 1, 3: 0, 4: 1, 5: 2}
    low, high = stats.wilson(3, 5)
    assert (summary.agree.low, summary.agree.high) == (low, high)


def test_likert_summary_refuses_out_of_range_values():
    with pytest.raises(ValueError):
        stats.likert_summary([1, 6])


def test_two_proportion_test_on_hand_computed_values():
    # pooled p = 115/200 = 0.575; se = sqrt(0.575·0.425·(1/100 + 1/100)) = 0.069911
    z, p = stats.two_proportion_test(50, 100, 65, 100)
    assert z == pytest.approx(0.15 / math.sqrt(0.575 * 0.425 * 0.02), rel=1e-9)
    assert z == pytest.approx(2.1456, abs=1e-3)
    assert p == pytest.approx(0.0319, abs=5e-4)


def test_compare_marks_significance_at_five_per_cent():
    changed = stats.compare(50, 100, 65, 100)
    assert changed.significant
    assert changed.difference == pytest.approx(0.15)
    same = stats.compare(50, 100, 55, 100)  # z = 0.709, p = 0.48
    assert not same.significant
    assert same.p_value == pytest.approx(0.4783, abs=1e-3)


def test_compare_without_answers_is_never_significant():
    assert stats.two_proportion_test(0, 0, 5, 10) == (0.0, 1.0)
    assert stats.two_proportion_test(0, 10, 0, 10) == (0.0, 1.0)


def test_suppression_threshold_edge_four_hidden_five_shown():
    assert stats.suppress({"a": 5, "b": 5, "c": 7}, 5) == {"a": 5, "b": 5, "c": 7}
    result = stats.suppress({"a": 4, "b": 6, "c": 9}, 5)
    assert result["a"] is None


def test_complementary_suppression_hides_the_next_smallest_cell():
    # Alone, the hidden 4 would be the total minus 6 and 9: so 6 is hidden too.
    assert stats.suppress({"a": 4, "b": 6, "c": 9}, 5) == {"a": None, "b": None, "c": 9}


def test_no_complementary_suppression_when_two_cells_are_already_hidden():
    assert stats.suppress({"a": 4, "b": 3, "c": 9}, 5) == {"a": None, "b": None, "c": 9}


def test_empty_cells_are_shown_and_never_chosen_as_complement():
    assert stats.suppress({"a": 0, "b": 6, "c": 7}, 5) == {"a": 0, "b": 6, "c": 7}
    assert stats.suppress({"a": 0, "b": 2, "c": 7}, 5) == {"a": 0, "b": None, "c": None}
