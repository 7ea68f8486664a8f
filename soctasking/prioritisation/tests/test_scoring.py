"""The arithmetic of prioritisation against figures worked out by hand, and its properties."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from soctasking.prioritisation import scoring

SCALE = [{"label": str(value), "value": value} for value in range(5)]
GROUPS: list[dict[str, Any]] = [
    {
        "code": "harm",
        "name": "Harm",
        "dimensions": [
            {"code": "a", "name": "Physical harm", "weight": 1, "levels": SCALE},
            {"code": "b", "name": "Financial harm", "weight": 1, "levels": SCALE},
        ],
    },
    {
        "code": "likelihood",
        "name": "Likelihood",
        "dimensions": [
            {
                "code": "l",
                "name": "Likelihood",
                "weight": 1,
                "levels": [
                    {"label": "Even", "value": 0.5},
                    {"label": "Likely", "value": 0.9},
                    {"label": "Certain", "value": 1},
                ],
            }
        ],
    },
]
# Worked by hand: x = (4 + 1) * 1 = 5, z = (1 + 4) * 0.9 = 4.5, y = (1 + 1) * 0.5 = 1.
ROUND = {
    "x": {"a": 4.0, "b": 1.0, "l": 1.0},
    "z": {"a": 1.0, "b": 4.0, "l": 0.9},
    "y": {"a": 1.0, "b": 1.0, "l": 0.5},
}


@pytest.fixture
def structure() -> scoring.Structure:
    return scoring.structure_parse(groups=GROUPS, formula="harm * likelihood")


def test_a_threats_total_is_the_formula_over_its_groups_weighted_sums(structure):
    assert scoring.group_scores(structure, ROUND["z"]) == {"harm": 5.0, "likelihood": 0.9}
    assert scoring.total(structure, ROUND["x"]) == 5.0
    assert scoring.total(structure, ROUND["z"]) == pytest.approx(4.5)
    assert scoring.total(structure, ROUND["y"]) == 1.0


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    assert scoring.ranks({"p": 9, "q": 7, "r": 7, "s": 5}) == {"p": 1, "q": 2, "r": 2, "s": 4}


def test_totals_equal_on_paper_tie_despite_binary_fractions():
    assert scoring.ranks({"p": 0.1 + 0.2, "q": 0.3}) == {"p": 1, "q": 1}


def test_movement_counts_places_moved_up_and_marks_a_threat_new_to_the_ranking():
    moved = scoring.movements({"x": 1, "z": 2, "new": 3}, {"x": 2, "z": 1, "gone": 3})
    assert moved == {"x": 1, "z": -1, "new": None}


def test_sensitivity_finds_the_two_weights_that_swap_the_top_two(structure):
    # By hand: physical harm's weight at 0.8 gives x = 3.2 + 1 = 4.2 and
    # z = (0.8 + 4) * 0.9 = 4.32; financial harm's at 1.2 gives x = 4 + 1.2 = 5.2
    # and z = (1 + 4.8) * 0.9 = 5.22. Every other change keeps x, z, y in order.
    result = scoring.sensitivity(structure, ROUND, priority_line=1)
    x, z, y = result["x"], result["z"], result["y"]
    assert (x.rank, z.rank, y.rank) == (1, 2, 3)
    assert [(c.dimension, round(c.factor, 2), c.rank) for c in x.changes] == [
        ("a", 0.8, 2),
        ("b", 1.2, 2),
    ]
    assert (x.rank_holds, x.line_holds, x.highest, x.lowest) == (False, False, 1, 2)
    assert (z.rank_holds, z.line_holds, z.highest, z.lowest) == (False, False, 1, 2)
    assert (y.rank_holds, y.line_holds, y.changes) == (True, True, ())


def test_a_swap_above_the_priority_line_leaves_each_threat_above_it(structure):
    result = scoring.sensitivity(structure, ROUND, priority_line=2)
    assert [(k, s.rank_holds, s.line_holds) for k, s in result.items()] == [
        ("x", False, True),
        ("z", False, True),
        ("y", True, True),
    ]


def test_a_score_off_the_scale_is_refused_naming_the_dimension_and_the_scale(structure):
    with pytest.raises(ValidationError) as refused:
        scoring.values_check(structure, {"a": 4, "b": 7, "l": 1})
    assert refused.value.message_dict == {
        "dimensions.b": [
            "7 is outside the scale of Financial harm; expected one of 0 (0), 1 (1), 2 (2), "
            "3 (3), 4 (4)."
        ]
    }


def test_a_missing_score_and_an_unknown_dimension_are_each_named(structure):
    with pytest.raises(ValidationError) as refused:
        scoring.values_check(structure, {"a": 4, "l": 1, "zz": 1})
    assert set(refused.value.message_dict) == {"dimensions", "dimensions.b"}


def test_a_formula_that_divides_by_zero_at_the_bottom_of_a_scale_is_refused():
    with pytest.raises(ValidationError) as refused:
        scoring.structure_parse(groups=GROUPS, formula="likelihood / harm")
    message = refused.value.message_dict["formula"][0]
    assert message.startswith("The formula divides by zero when harm = 0")


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ("harm ** likelihood", "only + - * /"),
        ("harm * danger", "'danger' is no group of the template"),
        ("harm *", "cannot be read"),
        ("__import__('os')", "only group codes"),
        ("", "Give the formula"),
    ],
)
def test_a_formula_that_is_not_plain_arithmetic_of_the_groups_is_refused(formula, says):
    with pytest.raises(ValidationError) as refused:
        scoring.structure_parse(groups=GROUPS, formula=formula)
    assert says in refused.value.message_dict["formula"][0]


def test_a_faulty_level_is_named_by_its_place_in_the_structure():
    groups = [
        dict(
            GROUPS[0],
            dimensions=[
                dict(
                    GROUPS[0]["dimensions"][0],
                    levels=[
                        {"label": "Low", "value": 1},
                        {"label": "High", "value": "lots"},
                    ],
                )
            ],
        )
    ]
    with pytest.raises(ValidationError) as refused:
        scoring.structure_parse(groups=groups, formula="harm")
    assert list(refused.value.message_dict) == ["groups[0].dimensions[0].levels[1].value"]


def test_a_code_used_twice_is_refused():
    groups = [GROUPS[0], dict(GROUPS[1], code="harm")]
    with pytest.raises(ValidationError) as refused:
        scoring.structure_parse(groups=groups, formula="harm")
    assert refused.value.message_dict == {"groups[1].code": ["The code 'harm' is used twice."]}


totals = st.dictionaries(
    st.text(alphabet="abcdef", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=20).map(float),
    min_size=1,
)


@given(totals)
def test_a_rank_is_one_more_than_the_number_of_higher_totals(scores):
    ranked = scoring.ranks(scores)
    for key, value in scores.items():
        assert ranked[key] == 1 + sum(other > value for other in scores.values())


@given(st.dictionaries(st.sampled_from("pqrstu"), st.integers(1, 6), min_size=1))
def test_a_ranking_compared_with_itself_shows_no_movement(ranked):
    assert set(scoring.movements(ranked, ranked).values()) == {0}


level = st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0])


@given(st.lists(st.tuples(level, level), min_size=1, max_size=5))
def test_a_threat_ahead_on_every_dimension_keeps_first_place_under_every_change(others):
    structure = scoring.structure_parse(groups=[GROUPS[0]], formula="harm")
    values = {f"t{i}": {"a": a, "b": b} for i, (a, b) in enumerate(others)}
    values["leader"] = {"a": 4.5, "b": 4.5}
    result = scoring.sensitivity(structure, values, priority_line=1)
    assert result["leader"].rank == 1
    assert result["leader"].rank_holds
    assert result["leader"].line_holds


@given(st.lists(st.tuples(level, level, st.sampled_from([0.5, 0.9, 1.0])), min_size=1, max_size=6))
def test_every_threat_with_a_holding_rank_also_holds_its_side_of_the_line(rows):
    structure = scoring.structure_parse(groups=GROUPS, formula="harm * likelihood")
    values = {f"t{i}": {"a": a, "b": b, "l": chance} for i, (a, b, chance) in enumerate(rows)}
    for held in scoring.sensitivity(structure, values, priority_line=2).values():
        assert held.highest <= held.rank <= held.lowest
        if held.rank_holds:
            assert held.line_holds
            assert held.highest == held.lowest == held.rank
