"""The demo shows the practice (issue 21): signals about shared issues, sensitive notes
flagged, and no more people than live in Hengelo."""

import pytest

from opbouw.demo.seeding import notes
from opbouw.demo.seeding.config import MUNICIPALITY_INHABITANTS, SCALES
from opbouw.demo.seeding.runner import SeedError, _scale


def test_no_scale_registers_more_people_than_live_in_the_municipality():
    assert all(scale.people <= MUNICIPALITY_INHABITANTS for scale in SCALES.values())
    with pytest.raises(SeedError, match="inwoners"):
        _scale("large", MUNICIPALITY_INHABITANTS + 1, None)
    assert _scale("large", MUNICIPALITY_INHABITANTS, None).people == MUNICIPALITY_INHABITANTS


def test_demo_signals_are_about_shared_issues_not_suspicions_about_households():
    texts = [text.lower() for options in notes.SIGNALS.values() for text in options]
    for word in ("drugs", "spanningen", "gedeald", "vermoeden"):
        assert not any(word in text for text in texts), word
    assert any("donkere steeg" in text for text in texts)
    assert any("buurthuis gaat dicht" in text for text in texts)
    sentences = [s.lower() for options in notes.TOPICS.values() for s in options]
    assert not any("gedeald" in sentence for sentence in sentences)


@pytest.mark.parametrize(
    ("note", "category"),
    [
        ("Anna slaapt slecht door de zorgen; de huisarts weet ervan.", "health"),
        ("Henk komt weinig buiten sinds de heupoperatie.", "health"),
        ("Ali durft geen hulp te vragen bij de schulden, schaamte speelt mee.", "finances"),
        ("Het einde van de maand is krap; de energierekening slokt alles op.", "finances"),
        ("Plannen voor geveltuintjes in de straat.", ""),
    ],
)
def test_notes_with_health_or_debt_details_are_flagged(note, category):
    assert notes.sensitive_category_for(note) == category


def test_every_demo_sentence_about_health_or_debts_is_flagged():
    health = notes.TOPICS["gezondheid"]
    debts = [s for s in notes.TOPICS["armoede"] if "schulden" in s or "einde van de maand" in s]
    flagged = [s for s in [*health, *debts] if notes.sensitive_category_for(s)]
    # "gezond koken met weinig geld" is about cooking, not about someone's health.
    assert set(health) - set(flagged) == {"Gesproken over gezond koken met weinig geld."}
    assert set(debts) <= set(flagged)
