"""Theme keys: one spelling for every way people write the same theme.

"County Lines", "county-lines", "county  line" and "COUNTY LINES" all
become the key ``county line``: case folded, hyphens, underscores and
slashes read as spaces, punctuation dropped, runs of space collapsed and
each word made singular. The key is what the index stores and compares;
the label people see is the first spelling met.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest theme, in words; longer named "themes" are sentences, not themes.
MAX_WORDS = 6
#: Longest key, in characters, matching the index's column.
MAX_KEY_LENGTH = 200

_SEPARATORS = re.compile(r"[-_/\u2010-\u2015]+")
# Letters only: digits, punctuation and symbols never make a theme word.
_WORD = re.compile(r"[^\W\d_]+")

# Words whose plural is not the word with an "s" on, or that end in "s"
# without being plural; enough for the vocabulary of serious crime.
_IRREGULAR = {
    "children": "child",
    "women": "woman",
    "men": "man",
    "people": "person",
    "mice": "mouse",
    "knives": "knife",
    "lives": "life",
    "wives": "wife",
    "thieves": "thief",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
}
_UNCHANGED_ENDINGS = ("ss", "us", "is", "ics", "ous", "sis", "xis")


_SINGULARS: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def singular(word: str) -> str:
    """The singular of a lower-case English word, by the common rules (remembered)."""
    found = _SINGULARS.get(word)
    if found is None:
        found = _singular(word)
        if len(_SINGULARS) < _CACHE_LIMIT:
            _SINGULARS[word] = found
    return found


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_UNCHANGED_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the index compares them: folded, letters only, singular."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _SEPARATORS.sub(" ", folded).replace("'", "").replace("\u2019", "")
    cache = _SINGULARS
    return [cache.get(word) or singular(word) for word in _WORD.findall(folded)]


def words_and_capitals(text: str) -> tuple[list[str], list[bool]]:
    """As :func:`words_of`, with whether each word was written with a capital letter.

    Discovery uses the capitals to tell names (King's Lynn, Operation
    Nightjar) from themes, which are written in lower case mid-sentence.
    """
    prepared = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text))
    prepared = prepared.replace("'", "").replace("\u2019", "")
    written = _WORD.findall(prepared)
    cache = _SINGULARS
    words = [cache.get(lower) or singular(lower) for lower in map(str.casefold, written)]
    return words, [word[:1].isupper() for word in written]


def theme_key(text: str) -> str:
    """The key of a theme as someone wrote it, or ``""`` when it holds no theme.

    Empty, punctuation-only and over-long entries (more than ``MAX_WORDS``
    words) give ``""``, and are ignored wherever themes are collected.
    """
    words = words_of(text)
    if not words or len(words) > MAX_WORDS:
        return ""
    key = " ".join(words)
    return key if len(key) <= MAX_KEY_LENGTH else ""


def theme_label(text: str) -> str:
    """A tidy spelling of a theme to show: spacing collapsed, lower case kept as written."""
    return " ".join(_SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text)).split())[
        :MAX_KEY_LENGTH
    ].lower()
