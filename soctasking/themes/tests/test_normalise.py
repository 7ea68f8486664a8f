"""Theme keys: one key for every way of writing a theme; nothing from noise."""

from __future__ import annotations

import pytest

from soctasking.themes.normalise import singular, theme_key
from soctasking.themes.vocabulary import is_stopped


@pytest.mark.parametrize(
    "written",
    [
        "county lines",
        "County Lines",
        "county-lines",
        "county  line",
        "COUNTY LINES",
        " county_lines ",
    ],
)
def test_every_spelling_of_county_lines_has_one_key(written):
    assert theme_key(written) == "county line"


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("lines", "line"),
        ("children", "child"),
        ("gangs", "gang"),
        ("properties", "property"),
        ("businesses", "business"),
        ("address", "address"),
        ("crisis", "crisis"),
    ],
)
def test_plurals_become_singular_and_singulars_stay(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize("noise", ["", "   ", "!!!", "--- ... ///", "1234", "§§ 42 ¶"])
def test_a_theme_of_only_punctuation_or_digits_has_no_key(noise):
    assert theme_key(noise) == ""


def test_a_sentence_is_not_a_theme():
    assert theme_key("one two three four five six seven") == ""
    assert theme_key("one two three four five six") != ""


def test_themes_in_other_scripts_keep_their_letters():
    assert theme_key("Κομητεία Γραμμές") == theme_key("κομητεία γραμμές") != ""
    assert theme_key("lignes de comté") == "ligne de comté"


@pytest.mark.parametrize(
    "generic", ["organised crime group", "the region", "Organised Crime Groups"]
)
def test_stop_phrases_never_count_as_themes(generic):
    assert is_stopped(theme_key(generic), named=True)
    assert is_stopped(theme_key(generic), named=False)


def test_a_named_theme_may_be_one_word_but_a_phrase_from_text_must_stand_alone():
    assert not is_stopped("cuckooing", named=True)
    assert is_stopped("the deal", named=False)
    assert is_stopped("national intelligence", named=False)
    assert not is_stopped("deal line", named=False)
