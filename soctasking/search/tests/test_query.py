"""Reading what a user types into words and phrases, and marking matches in escaped snippets."""

from __future__ import annotations

import pytest

from soctasking.search.query import (
    MATCH_END,
    MATCH_START,
    SearchQueryInvalid,
    query_parse,
    snippet_html,
)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("cocaine", (("cocaine",),)),
        ("  Cocaine   harbour ", (("Cocaine",), ("harbour",))),
        ('"county lines" Cumbria', (("county", "lines"), ("Cumbria",))),
        ('"county, lines!"', (("county", "lines"),)),
        ('"unbalanced quote', (("unbalanced",), ("quote",))),
        ("title:cocaine NEAR(x)", (("title",), ("cocaine",), ("NEAR",), ("x",))),
        ("snake_case", (("snake",), ("case",))),
        ("café Ærø", (("café",), ("Ærø",))),
        ("drugs drugs", (("drugs",),)),
    ],
)
def test_words_and_quoted_phrases_are_kept_and_punctuation_dropped(text, terms):
    assert query_parse(text).terms == terms


def test_more_than_sixteen_terms_are_refused():
    with pytest.raises(SearchQueryInvalid, match="16 words or phrases or fewer"):
        query_parse(" ".join(f"w{n}" for n in range(17)))


def test_a_snippet_is_escaped_and_only_the_database_marks_become_elements():
    raw = f'<b>bold</b> & {MATCH_START}cocaine{MATCH_END} "quoted"'

    assert str(snippet_html(raw)) == (
        "&lt;b&gt;bold&lt;/b&gt; &amp; <mark>cocaine</mark> &quot;quoted&quot;"
    )


def test_a_stray_marker_from_the_text_is_dropped_not_left_open():
    raw = f"one {MATCH_START}two {MATCH_START}three{MATCH_END} four{MATCH_END}"

    assert str(snippet_html(raw)) == "one two <mark>three</mark> four"
