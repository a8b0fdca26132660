"""Dutch text to matchable terms: normalise, drop stopwords, stem, split compounds.

- Normalise: Unicode NFKD, accents folded ("café" -> "cafe", "geïnteresseerd" ->
  "geinteresseerd"), lowercase, everything but letters and digits becomes a space.
- Stopwords: Snowball's Dutch list, plus the words people use to say they give or want
  something ("geeft graag", "wil", "zoek", "hulp bij"), which say nothing about *what*.
- Stem: Snowball's classic Dutch (Porter) stemmer (`dutch_porter`; the newer `dutch` one turns
  "fiets" into "fiet" but "fietsles" into "fietsl" and "gezelschap" into "zelschap"), then two
  clean-ups so that forms of one word meet: a doubled final consonant is undoubled
  ("lessen" -> "less" -> "les") and a final s after a consonant is dropped ("fiets" ->
  "fiet", like "fietsen" -> "fiets" -> "fiet").
- Compounds: Dutch writes them as one word ("fietsles", "taalcafe"). A word whose first part
  (at least 4 letters) is itself a known term and whose rest is at least 3 letters also
  yields both parts, at half weight, so "fietsles" meets "leren fietsen" on "fiet".
  "Known" means: seen as a whole word anywhere in the texts being matched (the vocabulary).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# Snowball's Dutch stopword list (snowballstem.org/algorithms/dutch/stop.txt).
_SNOWBALL_STOPWORDS = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden
    toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier
    wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand
    geweest andere
"""
SNOWBALL_STOPWORDS = frozenset(_SNOWBALL_STOPWORDS.split())
# Words that say someone gives or wants, not what.
_INTENT_WORDS = """
    graag geef geeft geven gaf bied biedt bieden aanbieden wil wilt willen zoek zoekt zoeken
    kun kunt help helpt helpen hulp hulpvraag nodig mee samen iemand mensen af en toe wel
    beetje heel erg
"""
INTENT_WORDS = frozenset(_INTENT_WORDS.split())
STOPWORDS = SNOWBALL_STOPWORDS | INTENT_WORDS

_NON_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = frozenset("aeiouy")
_STEMMER = snowballstemmer.stemmer("dutch_porter")

MIN_HEAD = 4
MIN_TAIL = 3
PART_WEIGHT = 0.5


def normalise(text: str) -> str:
    """Lowercase, accents folded, punctuation to spaces, single-spaced."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", text.lower()).strip()


@lru_cache(maxsize=500_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(
        word for word in normalise(text).split() if len(word) > 1 and word not in STOPWORDS
    )


def words(text: str) -> list[str]:
    """The normalised words of `text` without stopwords and single letters."""
    return list(_words(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A normalised word's matching form (see the module docstring)."""
    result: str = _STEMMER.stemWord(word)
    if len(result) > 3 and result[-1] == result[-2] and result[-1] not in _VOWELS:
        result = result[:-1]
    if len(result) > 3 and result[-1] == "s" and result[-2] not in _VOWELS:
        result = result[:-1]
    return result


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The stems of all words in `texts`: the terms compounds may be split into."""
    seen: set[str] = set()
    for text in set(texts):
        seen.update(_words(text))
    return frozenset(stem(word) for word in seen)


class Analyzer:
    """Turns text into weighted terms, splitting compounds against a vocabulary."""

    def __init__(self, known: frozenset[str] = frozenset()) -> None:
        self.known = known
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._text_cache: dict[str, dict[str, float]] = {}

    def word_terms(self, word: str) -> tuple[tuple[str, float], ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        whole = stem(word)
        terms: tuple[tuple[str, float], ...] = ((whole, 1.0),)
        if len(word) >= MIN_HEAD + MIN_TAIL:
            for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
                head = stem(word[:cut])
                if head in self.known and head != whole:
                    tail = stem(word[cut:])
                    terms = ((whole, 1.0), (head, PART_WEIGHT), (tail, PART_WEIGHT))
                    break
        self._cache[word] = terms
        return terms

    def terms(self, text: str) -> dict[str, float]:
        """Term -> weight (how often, parts of compounds counting half). Do not modify the
        result: it is cached per text."""
        cached = self._text_cache.get(text)
        if cached is not None:
            return cached
        result: dict[str, float] = {}
        for word in _words(text):
            for term, weight in self.word_terms(word):
                result[term] = result.get(term, 0.0) + weight
        if len(self._text_cache) < 500_000:
            self._text_cache[text] = result
        return result
