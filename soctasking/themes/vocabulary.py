"""What never counts as a theme: function words, generic words of the trade, stop phrases.

A candidate theme is dropped when its key is a stop phrase, when it starts
or ends with a function word, or (for phrases found in text rather than
named) when every word in it is a function word or a generic word of
intelligence writing, which appears in every report whatever its subject.
"""

from __future__ import annotations

from soctasking.themes.normalise import theme_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do doe doing down during each
    few for from further had ha have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very wa was we were what when where which while who whom why will with
    would you your yours yourself yourselves one two three four five six seven eight nine
    ten per via within without across among amongst upon onto whether either neither
    may might must shall yet still ever never however therefore thus hence s t
    """
)

GENERIC_WORDS = _words(
    """
    organised organized serious crime criminal group groups region regional national
    assessment assessed intelligence threat report reporting reported quarter quarterly
    priority unit police force area year month week day team operation operational analysis
    picture harm risk activity level number period capacity response strategic tactical
    partner agency local high highest low new newly gap body remain remains increase
    increased concern issue trend source information time case subject individual known
    suspected likely main key current recent continued continue continues significant
    work working use used using based including include part further support supported
    identified identify across within mapped total overall general particular number
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """
)
#: The only function words a phrase found in text may hold, and only inside it.
JOINING_WORDS = frozenset({"and", "of"})

_STOP_PHRASE_TEXTS = (
    "organised crime group",
    "organised crime",
    "organized crime group",
    "serious and organised crime",
    "serious organised crime",
    "crime group",
    "the region",
    "this region",
    "the area",
    "law enforcement",
    "law enforcement agency",
    "partner agency",
    "intelligence gap",
    "intelligence report",
    "intelligence requirement",
    "tactical assessment",
    "strategic assessment",
    "national strategic assessment",
    "national tactical assessment",
    "problem profile",
    "target profile",
    "control strategy",
    "police force",
    "police and crime plan",
    "this quarter",
    "last quarter",
    "next quarter",
    "this year",
    "last year",
    "next year",
    "this month",
    "last month",
    "the month",
    "the year",
    "high harm",
    "threat lead",
    "capacity to respond",
)

STOP_PHRASES = frozenset(theme_key(text) for text in _STOP_PHRASE_TEXTS)
_STOP_PHRASES_SPACED = tuple(f" {phrase} " for phrase in STOP_PHRASES if " " in phrase)


def is_stopped(key: str, *, named: bool) -> bool:
    """Whether ``key`` never counts as a theme.

    A theme named by a sender or a body is dropped only when it is a stop
    phrase or has no word of its own; one found in text also when it starts
    or ends with a function word or holds nothing but generic words.
    """
    if not key or key in STOP_PHRASES:
        return True
    words = key.split(" ")
    if all(word in FUNCTION_WORDS for word in words):
        return True
    if named:
        return False
    return (
        words[0] in FUNCTION_WORDS
        or words[-1] in FUNCTION_WORDS
        or any(word in FUNCTION_WORDS and word not in JOINING_WORDS for word in words)
        or any(len(word) < 3 for word in words)
        or any(phrase in f" {key} " for phrase in _STOP_PHRASES_SPACED)
        or all(word in FUNCTION_WORDS or word in GENERIC_WORDS for word in words)
    )


def overlaps(key: str, known: str) -> bool:
    """Whether a phrase found in text is a piece of a known theme, or holds one.

    "high end money" and "end money laundering" are pieces of "high end
    money laundering"; "priority cyber crime" holds "cyber crime".
    """
    spaced, spaced_known = f" {key} ", f" {known} "
    if spaced in spaced_known or spaced_known in spaced:
        return True
    words, known_words = key.split(" "), known.split(" ")
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
    return any(" ".join(known_words[i : i + 2]) in pairs for i in range(len(known_words) - 1))
