"""Estimates graded against a problem's reference: table-driven, worked by hand.

The problem is the bank's URL shortener: 20M daily users × 5 requests = 100M a day; 100 reads per write gives
990,099 new links and 99.0M redirects a day; ×5 at peak: 5,730 reads/s and 57.3 writes/s; 990,099 links × 500 B
× 365 = 180.7 GB a year. Its tolerance band is ×2.
"""

from __future__ import annotations

import copy
import json

import pytest

from critique.grading import Grade, grade_estimates
from critique.problems import parse_problem
from support.paths import ROOT

SOURCE = json.loads((ROOT / "examples" / "problems" / "url-shortener.json").read_text())
PROBLEM = parse_problem(SOURCE, "url-shortener.json")
INPUTS = {"daily_users": 20e6, "requests_per_user": 5, "read_write_ratio": 100, "payload_bytes": 500, "peak_factor": 5}
RIGHT = {"my_read_qps": 5730, "my_write_qps": 57, "my_storage_per_year_gb": 181}


def test_the_reference_is_what_the_docstring_works_out():
    figures = PROBLEM.estimates.figures
    assert PROBLEM.estimates.tolerance == 2
    assert figures == {"daily_users": 20e6, "peak_read_qps": 5730, "peak_write_qps": 57, "storage_gb_per_year": 181}


@pytest.mark.parametrize(
    ("estimates", "grades"),
    [
        # Everything as the reference has it.
        ({**INPUTS, **RIGHT}, {"daily_users": Grade.WITHIN, "peak_read_qps": Grade.WITHIN,
                               "peak_write_qps": Grade.WITHIN, "storage_gb_per_year": Grade.WITHIN}),
        # ×2 exactly is still inside a ×2 band; ×2.5 is off; ×10 is an order of magnitude.
        ({**INPUTS, "my_read_qps": 11_460}, {"peak_read_qps": Grade.WITHIN}),
        ({**INPUTS, "my_read_qps": 5730 * 2.5}, {"peak_read_qps": Grade.OFF}),
        ({**INPUTS, "my_read_qps": 573}, {"peak_read_qps": Grade.ORDER_OF_MAGNITUDE}),
        # Figures not written are not graded, and their reference is not shown.
        ({**INPUTS}, {"peak_read_qps": Grade.NOT_WRITTEN, "storage_gb_per_year": Grade.NOT_WRITTEN}),
        ({"my_write_qps": 57}, {"daily_users": Grade.NOT_WRITTEN, "peak_write_qps": Grade.WITHIN}),
    ],
)
def test_each_written_figure_is_graded_against_the_band(estimates, grades):
    graded = grade_estimates(estimates, PROBLEM)
    by_key = {g.key: g for g in graded.figures}
    for key, grade in grades.items():
        assert by_key[key].grade is grade, (key, by_key[key])
    for g in graded.figures:
        if g.grade is Grade.NOT_WRITTEN:
            assert g.reference is None and g.yours is None
            assert "not written yet" in g.describe(2) and "reference" not in g.describe(2)


def test_descriptions_say_how_far_off_and_which_way():
    graded = grade_estimates({**INPUTS, "my_read_qps": 573, "my_write_qps": 150, "my_storage_per_year_gb": 181},
                             PROBLEM)
    lines = {g.key: g.describe(graded.tolerance) for g in graded.figures}
    assert lines["peak_read_qps"] == ("Peak reads: 573 reads/s is an order of magnitude 10× too low "
                                      "(the reference has 5.7k reads/s; the band is ×2).")
    assert lines["peak_write_qps"] == ("Peak writes: 150 writes/s is 2.6× too high (the reference has 57 writes/s; "
                                       "the band is ×2).")
    assert lines["storage_gb_per_year"] == "Storage per year: 181 GB/year, within ×2 of the reference's 181 GB/year."


@pytest.mark.parametrize(
    ("estimates", "step", "cause", "says"),
    [
        # 200M daily users: the very first step is 10× out.
        ({**INPUTS, "daily_users": 200e6, **RIGHT, "my_read_qps": 57_300}, "daily users", "assumption",
         ["your daily users is 200M where the reference assumes 20M"]),
        # 50 requests per user: 1G requests a day against 100M.
        ({**INPUTS, "requests_per_user": 50, "my_read_qps": 57_300}, "requests per day", "assumption",
         ["1G requests/day against the reference's 100M", "your requests per user is 50 where the reference assumes 5"]),
        # A peak factor of 1 leaves peak reads 5× low (1,146/s); the storage figure is untouched by it.
        ({**INPUTS, "peak_factor": 1, "my_read_qps": 1146, "my_storage_per_year_gb": 181}, "peak reads", "assumption",
         ["1.1k reads/s against the reference's 5.7k", "your peak factor is 1 where the reference assumes 5"]),
        # A 1:1 ratio: half of 100M are writes, 2,894/s at peak against 57.
        ({**INPUTS, "read_write_ratio": 1, "my_write_qps": 2894}, "peak writes", "assumption",
         ["your read:write ratio is 1 where the reference assumes 100"]),
        # Right inputs, wrong multiplication: 573 written where the inputs give 5,730.
        ({**INPUTS, "my_read_qps": 573}, "peak reads", "arithmetic",
         ["your own inputs give 5.7k reads/s, but you wrote 573 (10× apart)"]),
        # Storage per day written as per year: 990,099 × 500 B = 0.495 GB, 365× short of 180.7.
        ({**INPUTS, **RIGHT, "my_storage_per_year_gb": 0.495}, "storage per year", "arithmetic",
         ["It looks like a year where a day was meant (or the reverse): ×365."]),
        # Gigabytes taken for terabytes: 0.181 where 181 is meant.
        ({**INPUTS, **RIGHT, "my_storage_per_year_gb": 0.181}, "storage per year", "arithmetic",
         ["a unit off by a thousand"]),
        # No inputs at all: the figure cannot be checked, so the reference's working up to that step is shown.
        ({"my_write_qps": 600}, "peak writes", "unshown",
         ["The reference works it out as: requests per day: 20M daily users × 5 requests each = 100M",
          "peak writes: 0.99M links ÷ 86,400 s × 5 = 57"]),
    ],
)
def test_the_first_step_where_the_arithmetic_parts_ways(estimates, step, cause, says):
    graded = grade_estimates(estimates, PROBLEM)
    d = graded.divergence
    assert d is not None and d.step == step and d.cause == cause, d
    for text in says:
        assert text in d.explanation, d.explanation


def test_small_differences_that_add_up_are_all_named():
    # 1.6× the users and 1.6× the requests each: neither input is out of the band, the product (2.56×) is.
    graded = grade_estimates({**INPUTS, "daily_users": 32e6, "requests_per_user": 8, "my_read_qps": 14_670}, PROBLEM)
    d = graded.divergence
    assert d.step == "requests per day" and d.cause == "assumption"
    assert "daily users is 32M" in d.explanation and "requests per user is 8" in d.explanation


def test_no_divergence_when_everything_written_is_in_the_band():
    assert grade_estimates({**INPUTS, **RIGHT}, PROBLEM).divergence is None
    # A step the user never wrote a figure for is never explained for them.
    assert grade_estimates({**INPUTS, "peak_factor": 1, "my_storage_per_year_gb": 181}, PROBLEM).divergence is None


def test_a_problem_without_reference_estimates_is_not_graded():
    data = copy.deepcopy(SOURCE)
    for key in ("schema", "estimates", "practises", "reference"):
        data.pop(key)
    assert grade_estimates({**INPUTS, **RIGHT}, parse_problem(data, "url-shortener.json")) is None
