"""What a user may type into search, reduced to words and phrases no database can misread.

The accepted syntax is deliberately small and the same on every database:
words, and "phrases in double quotes"; every word and phrase must match.
Everything else (operators, brackets, column filters, wildcards) is treated
as punctuation and ignored, so nothing a user types reaches FTS5 or
``to_tsquery`` as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 300
MAX_TERMS = 16

# A phrase in double quotes, or a run of letters and digits. The underscore
# is left out because both databases' tokenisers split words on it.
_TOKEN = re.compile(r'"([^"]*)"|([^\W_]+)')
_WORD = re.compile(r"[^\W_]+")

# The databases wrap each match in these private-use characters, which no
# HTML escaping touches, so matches can be marked after the text is escaped.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
_MARKED = re.compile(f"{MATCH_START}([^{MATCH_START}{MATCH_END}]*){MATCH_END}")


class SearchQueryInvalid(ValueError):  # noqa: N818 - reads as the state of the query, as BundleInvalid
    """The words to search for are missing or too many; the message says which, for the user."""


@dataclass(frozen=True)
class ParsedQuery:
    """Each term is a phrase of one or more words; a single word is a phrase of one."""

    terms: tuple[tuple[str, ...], ...]


def query_parse(text: str) -> ParsedQuery:
    """The words and quoted phrases of ``text``; ``SearchQueryInvalid`` when there are none."""
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryInvalid(f"Search words must be {MAX_QUERY_LENGTH} characters or fewer")
    terms: list[tuple[str, ...]] = []
    for phrase, word in _TOKEN.findall(text):
        words = tuple(_WORD.findall(phrase)) if phrase else (word,) if word else ()
        if words and words not in terms:
            terms.append(words)
    if not terms:
        raise SearchQueryInvalid("Enter a word to search for, using letters or numbers")
    if len(terms) > MAX_TERMS:
        raise SearchQueryInvalid(f"Search for {MAX_TERMS} words or phrases or fewer")
    return ParsedQuery(terms=tuple(terms))


def snippet_html(raw: str) -> SafeString:
    """The database's snippet, HTML-escaped, with each match wrapped in ``<mark>``.

    The text is escaped first, so a submission's own markup is shown as text;
    only the markers the database placed become elements, and a stray marker
    character that came from the text itself is dropped.
    """
    marked = _MARKED.sub(r"<mark>\1</mark>", str(escape(raw)))
    # Safe: everything but the <mark> elements added here was escaped above.
    return mark_safe(marked.replace(MATCH_START, "").replace(MATCH_END, ""))  # noqa: S308
