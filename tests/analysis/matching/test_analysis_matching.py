"""Matching: Dutch text handling, reasons, exclusions, k."""

import numpy as np
import pytest

from opbouw.analysis.matching import (
    Analyzer,
    MatchIndex,
    MatchingError,
    Profile,
    Reason,
    haversine_m,
    normalise,
    stem,
    suggest,
    suggest_for_initiative,
    vocabulary,
    words,
)

KEES = Profile(1, gifts=["fietsles"], languages=["nl", "ar"], area=10, point=(52.2200, 6.8900))
FATIMA = Profile(
    2,
    wishes=["leren fietsen"],
    interests=["Koken"],
    languages=["ar", "nl"],
    area=10,
    point=(52.2210, 6.8910),
)
ANS = Profile(3, interests=["koken", "tuinieren"], area=11, point=(52.2220, 6.8900))
PIET = Profile(4, gifts=["computerles"], wishes=["gezelschap"], area=10)
WIM = Profile(5, gifts=["Gezelschap bieden"], area=12)
EVERYONE = [KEES, FATIMA, ANS, PIET, WIM]


def test_normalise_folds_accents_case_and_punctuation():
    assert normalise("Café-bezoek, geïnteresseerd in TAAL!") == "cafe bezoek geinteresseerd in taal"


def test_stopwords_and_intent_words_are_dropped():
    assert words("Ik geef graag fietsles aan de kinderen") == ["fietsles", "kinderen"]
    assert words("Wil iemand helpen met de administratie?") == ["administratie"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("fietsles", "fietslessen"),
        ("fietsen", "fiets"),
        ("lessen", "les"),
        ("koken", "kook"),
        ("wandelen", "wandeling"),
        ("Café", "cafe"),
    ],
)
def test_forms_of_one_word_meet(one, other):
    assert stem(normalise(one)) == stem(normalise(other))


def test_compounds_split_against_the_vocabulary():
    known = vocabulary(["leren fietsen", "taal"])
    analyzer = Analyzer(known)
    terms = analyzer.terms("fietsles")
    assert terms[stem("fietsles")] == 1.0
    assert terms[stem("fietsen")] == 0.5  # the known first part, at half weight
    assert stem("fiets") in analyzer.terms("taalcafe fietsenstalling")
    # Nothing to split against: the compound stays whole.
    assert Analyzer(frozenset()).terms("fietsles") == {stem("fietsles"): 1.0}


def test_gift_meets_wish_with_reasons_in_the_original_words():
    result = suggest(EVERYONE, for_ids=[1], k=5)
    assert list(result) == [1]
    (first,) = result[1]
    assert first.other == 2
    assert first.reasons[0] == Reason("gives_wants", ("fietsles", "leren fietsen"))
    kinds = [reason.kind for reason in first.reasons]
    assert kinds == ["gives_wants", "same_area", "language"]
    same_area = first.reasons[1]
    assert same_area.terms == ("10",)
    assert same_area.distance_m == pytest.approx(130.4, abs=1)
    assert first.reasons[2] == Reason("language", ("ar", "nl"))


def test_the_other_side_sees_wants_gives_and_a_nearby_interest():
    fatima = suggest(EVERYONE, for_ids=[2], k=5)[2]
    assert [s.other for s in fatima] == [1, 3]
    assert fatima[0].reasons[0] == Reason("wants_gives", ("leren fietsen", "fietsles"))
    ans = fatima[1]
    assert ans.reasons[0] == Reason("shared_interest", ("Koken",))
    assert ans.reasons[1].kind == "nearby"  # other buurt, 130 m away
    assert ans.reasons[1].distance_m == pytest.approx(130.4, abs=1)
    assert fatima[0].score > ans.score > 0


def test_same_buurt_alone_is_no_suggestion_and_nobody_is_matched_with_themselves():
    result = suggest(EVERYONE, k=10)
    assert set(result) == {1, 2, 3, 4, 5}
    for me, suggestions in result.items():
        assert me not in [s.other for s in suggestions]
    # Piet shares only the buurt with Kees and Fatima: no suggestion from that alone.
    assert [s.other for s in result[4]] == [5]
    assert result[4][0].reasons[0] == Reason("wants_gives", ("gezelschap", "Gezelschap bieden"))
    assert [s.other for s in result[5]] == [4]


def test_declined_pairs_are_excluded_in_either_order():
    assert suggest(EVERYONE, for_ids=[1], exclude_pairs=frozenset({(2, 1)})) == {1: []}
    others = suggest(EVERYONE, for_ids=[2], exclude_pairs={(1, 2), (7, 8)})[2]
    assert [s.other for s in others] == [3]


def test_k_limits_and_orders_the_suggestions():
    people = [Profile(100, gifts=["koken"])] + [
        Profile(i, wishes=["koken"] + ["tuinieren"] * (i % 3), area=1) for i in range(1, 30)
    ]
    result = suggest(people, for_ids=[100], k=4)[100]
    assert len(result) == 4
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True)
    everyone = suggest(people, for_ids=[100], k=50)[100]
    assert len(everyone) == 29
    assert [s.other for s in everyone[:4]] == [s.other for s in result]
    with pytest.raises(MatchingError, match="at least 1"):
        suggest(people, k=0)


def test_unknown_or_duplicate_ids_are_refused():
    with pytest.raises(MatchingError, match="No profile with id 99"):
        suggest(EVERYONE, for_ids=[1, 99])
    with pytest.raises(MatchingError, match="more than once"):
        suggest([KEES, KEES])


def test_free_text_is_matched_like_interests():
    people = [
        Profile(1, text="Ik hou van wandelingen in het park"),
        Profile(2, interests=["wandelen"]),
        Profile(3, interests=["schaken"]),
    ]
    result = suggest(people, for_ids=[1])[1]
    assert [s.other for s in result] == [2]
    assert result[0].reasons[0].kind == "shared_interest"
    assert "wandelingen" in result[0].reasons[0].terms


def test_an_index_answers_like_suggest():
    index = MatchIndex(EVERYONE)
    assert index.suggest(for_ids=[2], k=3) == suggest(EVERYONE, for_ids=[2], k=3)


def test_suggestions_for_an_initiative():
    found = suggest_for_initiative(
        EVERYONE, themes=["koken"], needs=["iemand voor de fietslessen"], area=11, k=5
    )
    # Kees gives what is needed; Fatima and Ans share the theme (Ans in the same buurt).
    assert [s.other for s in found][0] == 1
    assert {s.other for s in found} == {1, 2, 3}
    by_id = {s.other: s for s in found}
    assert by_id[3].reasons == (
        Reason("shared_interest", ("koken",)),
        Reason("same_area", ("11",)),
    )
    assert by_id[1].reasons == (Reason("wants_gives", ("iemand voor de fietslessen", "fietsles")),)
    assert suggest_for_initiative(EVERYONE, themes=["koken"], exclude=[3], k=5)[0].other == 2
    assert suggest_for_initiative(EVERYONE, themes=["schaken"]) == []


def test_haversine():
    # One degree of latitude is about 111.2 km.
    one, other = np.array([52.0, 52.0]), np.array([53.0, 52.0])
    lon = np.array([6.0, 6.0])
    assert haversine_m(one, lon, other, lon) == pytest.approx([111_195, 0], rel=1e-3)


def crowd(size: int = 80) -> list[Profile]:
    """People in four buurten with a few very common activities and some rare ones."""
    common = ["koken", "wandelen", "fietsen"]
    rare = ["schaken", "breien", "gitaarles", "taalcafe", "sjoelen"]
    people = []
    for i in range(1, size + 1):
        people.append(
            Profile(
                i,
                gifts=[common[i % 3], rare[i % 5]] if i % 2 else [rare[(i * 7) % 5]],
                wishes=[common[(i + 1) % 3]] if i % 3 else [rare[(i * 3) % 5]],
                interests=[common[(i + 2) % 3], rare[(i * 2) % 5]],
                languages=["nl"] + (["ar"] if i % 4 == 0 else []),
                area=i % 4,
                point=(52.2 + (i % 4) * 0.01, 6.9 + (i % 7) * 0.001),
            )
        )
    return people


def test_splitting_common_terms_by_area_keeps_exact_scores(monkeypatch):
    """With common terms split by buurt to find candidates, every suggestion still has its
    exact score, and with room for all candidates the result is the same."""
    import opbouw.analysis.matching.index as index_module

    people = crowd()
    exact = MatchIndex(people)
    assert not exact.pruned
    monkeypatch.setattr(index_module, "POPULAR_MIN", 10)
    monkeypatch.setattr(index_module, "POPULAR_SHARE", 0.0)
    split = MatchIndex(people)
    assert split.pruned
    everyone_exact = exact.suggest(k=100)
    scores = {(me, s.other): s.score for me, found in everyone_exact.items() for s in found}
    few = split.suggest(k=3)
    for me, found in few.items():
        assert len(found) == 3
        for suggestion in found:
            assert suggestion.score == pytest.approx(scores[(me, suggestion.other)])
    # The scores of the top three mostly agree with the exact top three (candidates across
    # buurten that share only common terms can be missed: that is the approximation).
    agree = sum(
        [s.score for s in few[me]] == pytest.approx([s.score for s in everyone_exact[me][:3]])
        for me in few
    )
    assert agree >= 0.75 * len(few)
