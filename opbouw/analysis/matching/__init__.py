"""Who could do something together (issue 7): gifts against wishes, shared interests, the same
buurt or a short distance, a shared language; Dutch text stemmed. Framework-free.

    suggest(profiles, for_ids=[kees.id], k=10, exclude_pairs={(kees.id, piet.id)})
    -> {kees.id: [Suggestion(other=fatima.id, score=1.2, reasons=(Reason("gives_wants",
                  ("fietsles", "leren fietsen")), ...)), ...]}

See index.py for the score and text.py for the Dutch text handling.
"""

from .index import MatchIndex, MatchingError, haversine_m, suggest, suggest_for_initiative
from .model import AreaPlace, Profile, Reason, ReasonKind, Suggestion
from .text import Analyzer, normalise, stem, vocabulary, words

__all__ = [
    "Analyzer",
    "AreaPlace",
    "MatchIndex",
    "MatchingError",
    "Profile",
    "Reason",
    "ReasonKind",
    "Suggestion",
    "haversine_m",
    "normalise",
    "stem",
    "suggest",
    "suggest_for_initiative",
    "vocabulary",
    "words",
]
