"""Who could do something together: profiles for opbouw.analysis.matching, reasons in Dutch.

Only people with an active consent for matching ("in verbinding brengen met anderen") are
suggested, or get suggestions. Pairs where an introduction was declined, or already proposed,
are never suggested again.

Distance without addresses: nobody's home is geocoded. A person is placed at the centre of
their buurt (opbouw.areas.geometry, from the CBS boundaries); "wonen allebei in X", "wonen in
aangrenzende buurten, ± 800 m" and "wonen dicht bij elkaar, ± 900 m" follow from the buurten
alone, so matching learns nothing about a person that their buurt did not already say.
"""

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from opbouw.analysis.matching import (
    AreaPlace,
    Profile,
    Reason,
    suggest,
    suggest_for_initiative,
)
from opbouw.areas.geometry import area_shapes, neighbour_pairs
from opbouw.areas.models import Area, Level
from opbouw.areas.permissions import AnyUser
from opbouw.initiatives.models import Initiative, Member, NeedOffer
from opbouw.people.models import Consent, Person
from opbouw.people.permissions import display_name, sharing_annotations

from .permissions import manage_area_ids
from .selectors import closed_pairs

SUGGESTIONS = 8
# Dutch names of the language codes people have (ISO 639); unknown codes are shown as is.
LANGUAGE_NAMES = {
    "nl": "Nederlands", "ar": "Arabisch", "tr": "Turks", "ti": "Tigrinya", "pl": "Pools",
    "de": "Duits", "ku": "Koerdisch", "rif": "Tarifit", "en": "Engels", "nds": "Twents",
    "fr": "Frans", "es": "Spaans", "so": "Somalisch", "fa": "Perzisch", "uk": "Oekraïens",
    "ru": "Russisch", "pap": "Papiaments", "ber": "Berbers", "prs": "Dari",
}  # fmt: skip


def matching_consent_exists() -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef("pk"), purpose=Consent.Purpose.MATCHING, withdrawn_on__isnull=True
        )
    )


def has_matching_consent(person: Person) -> bool:
    return person.consents.filter(
        purpose=Consent.Purpose.MATCHING, withdrawn_on__isnull=True
    ).exists()


def matchable_people(area_ids: Iterable[int]) -> QuerySet[Person]:
    return (
        Person.objects.filter(area_id__in=list(area_ids))
        .filter(matching_consent_exists())
        .annotate(**sharing_annotations())
        .select_related("area")
        .prefetch_related("gifts", "wishes", "interests")
    )


def _parts(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def profile_of(person: Person) -> Profile:
    gifts = [tag.name_nl for tag in person.gifts.all()] + _parts(person.gifts_text)
    wishes = [tag.name_nl for tag in person.wishes.all()] + _parts(person.wishes_text)
    interests = [tag.name_nl for tag in person.interests.all()] + _parts(person.interests_text)
    return Profile(
        id=person.pk,
        gifts=tuple(gifts),
        wishes=tuple(wishes),
        interests=tuple(interests),
        languages=tuple(code for code in (person.languages or []) if code != "nl"),
        area=person.area_id,
        point=None,
        text="",
    )


@dataclass(frozen=True)
class Suggested:
    person: Person
    name: str
    score: float
    reasons: list[str]
    # The same reasons without names ("De een geeft fietsles — de ander wil leren fietsen"):
    # what an introduction keeps, since it is shown to both people before they said yes.
    neutral: list[str]


def _sentence(name: str, phrase: str, verb: str) -> str:
    """ "Kees" + "Geeft graag fietsles" → "Kees geeft graag fietsles"; a tag ("fietsen en
    fietsles") gets a verb: "Kees biedt fietsen en fietsles"."""
    phrase = phrase.strip()
    if phrase[:1].isupper() and " " in phrase:
        return f"{name} {phrase[:1].lower()}{phrase[1:]}"
    return _("%(name)s %(verb)s %(what)s") % {"name": name, "verb": verb, "what": phrase}


def _distance(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(n)s m van elkaar") % {"n": int(round(metres / 50.0) * 50) or 50}
    return _("%(n)s km van elkaar") % {"n": _kilometres(metres)}


def _kilometres(metres: float) -> str:
    """One decimal, written as the language writes it ("1,2" in Dutch, "1.2" in English)."""
    return number_format(round(metres / 1000, 1), decimal_pos=1)


def _about(metres: float) -> str:
    """A distance between buurt centres, as rough as it is: "± 800 m", "± 1,2 km"."""
    if metres < 950:
        return _("± %(n)s m") % {"n": int(round(metres / 100.0) * 100) or 100}
    return _("± %(n)s km") % {"n": _kilometres(metres)}


def area_places(area_ids: Iterable[int]) -> dict[Hashable, AreaPlace]:
    """Where these areas lie, for matching: the centre of each and the ones it borders
    (computed once per boundary, see opbouw.areas.geometry)."""
    shapes = area_shapes(area_ids)
    neighbours: dict[int, set[int]] = {pk: set() for pk in shapes}
    for a, b in neighbour_pairs(shapes):
        neighbours[a].add(b)
        neighbours[b].add(a)
    places: dict[Hashable, AreaPlace] = {
        pk: AreaPlace(centre=shape.centroid, neighbours=frozenset(neighbours[pk]))
        for pk, shape in shapes.items()
    }
    return places


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def explain(reason: Reason, me: Person, my_name: str, other_name: str) -> str:
    """One reason in plain Dutch, from `me`'s point of view (the analysis gives the phrases
    that matched: see opbouw.analysis.matching.Reason)."""
    terms = [str(term) for term in reason.terms]
    if reason.kind == "gives_wants" and len(terms) == 2:
        gives = _sentence(my_name, terms[0], _("biedt"))
        wants = _sentence(other_name, terms[1], _("zoekt"))
        return f"{gives} — {wants}"
    if reason.kind == "wants_gives" and len(terms) == 2:
        gives = _sentence(other_name, terms[1], _("biedt"))
        wants = _sentence(my_name, terms[0], _("zoekt"))
        return f"{gives} — {wants}"
    if reason.kind == "shared_interest":
        return _("Allebei interesse in %(what)s") % {
            "what": _and([_lower_first(term) for term in terms])
        }
    if reason.kind == "language":
        names = [LANGUAGE_NAMES.get(term, term) for term in terms]
        return _("Jullie spreken allebei %(languages)s") % {"languages": _and(names)}
    return _place_reason(reason, me.area.name)


def _place_reason(reason: Reason, area_name: str) -> str:
    """Same buurt, bordering buurten or a short distance, in plain Dutch."""
    if reason.kind == "same_area":
        text = _("Wonen allebei in %(area)s") % {"area": area_name}
        distance = _distance(reason.distance_m)
        return f"{text}, {distance}" if distance else text
    metres = reason.distance_m
    if reason.kind == "neighbouring_area":
        text = _("Wonen in aangrenzende buurten")
        if metres is None:
            return text
        return f"{text}, {_about(metres) if reason.approximate else _distance(metres)}"
    if reason.kind == "nearby" and metres is not None:
        if reason.approximate:
            return _("Wonen dicht bij elkaar, %(distance)s") % {"distance": _about(metres)}
        return _("Wonen %(distance)s") % {"distance": _distance(metres)}
    return ", ".join(reason.terms)


def _wijk_area_ids(user: AnyUser, area: Area) -> list[int]:
    """The wijk of this area and its buurten, as far as the user works there."""
    wijk_id = area.parent_id if area.level == Level.NEIGHBOURHOOD else area.pk
    allowed = manage_area_ids(user)
    return [
        pk
        for pk in Area.objects.filter(Q(pk=wijk_id) | Q(parent_id=wijk_id)).values_list(
            "pk", flat=True
        )
        if pk in allowed
    ]


def suggestions_for_person(user: AnyUser, person: Person) -> list[Suggested]:
    """Up to SUGGESTIONS people in the person's wijk, each with reasons; none without the
    person's (or the other's) consent for matching."""
    area_ids = _wijk_area_ids(user, person.area)
    people = {other.pk: other for other in matchable_people(area_ids)}
    if person.pk not in people:
        return []
    excluded = closed_pairs([person.pk])
    result = suggest(
        [profile_of(other) for other in people.values()],
        for_ids=[person.pk],
        k=SUGGESTIONS,
        exclude_pairs=excluded,
        areas=area_places(area_ids),
    )
    me = people[person.pk]
    my_name = display_name(user, me)
    suggested = []
    for item in result.get(person.pk, []):
        other = people[item.other]
        other_name = display_name(user, other)
        suggested.append(
            Suggested(
                other,
                other_name,
                float(item.score),
                [explain(reason, me, my_name, other_name) for reason in item.reasons],
                [explain(reason, me, _("De een"), _("de ander")) for reason in item.reasons],
            )
        )
    return suggested


def suggestions_for_initiative(user: AnyUser, initiative: Initiative) -> list[Suggested]:
    """People (with a consent for matching) who could join, by the initiative's themes and
    open needs; its current members are left out."""
    area = initiative.area
    area_ids = _wijk_area_ids(user, area)
    members = set(
        Member.objects.filter(initiative=initiative, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    people = {other.pk: other for other in matchable_people(area_ids) if other.pk not in members}
    needs = [
        need.description
        for need in NeedOffer.objects.filter(
            initiative=initiative, kind=NeedOffer.Kind.NEED, fulfilled_on__isnull=True
        )
    ]
    themes = [theme.name_nl for theme in initiative.themes.all()]
    result = suggest_for_initiative(
        [profile_of(other) for other in people.values()],
        themes=themes,
        needs=needs,
        area=area.pk,
        k=SUGGESTIONS,
        areas=area_places(area_ids),
    )
    suggested = []
    for item in result:
        other = people[item.other]
        name = display_name(user, other)
        suggested.append(
            Suggested(
                other,
                name,
                float(item.score),
                [_initiative_reason(r, other, name) for r in item.reasons],
                [],
            )
        )
    return suggested


def _initiative_reason(reason: Reason, person: Person, name: str) -> str:
    terms = [str(term) for term in reason.terms]
    if reason.kind == "wants_gives" and len(terms) == 2:
        return _("%(sentence)s — het initiatief zoekt: %(need)s") % {
            "sentence": _sentence(name, terms[1], _("biedt")),
            "need": _lower_first(terms[0]),
        }
    if reason.kind == "shared_interest":
        return _("%(name)s heeft interesse in %(what)s") % {
            "name": name,
            "what": _and([_lower_first(term) for term in terms]),
        }
    if reason.kind == "same_area":
        return _("Woont in %(area)s") % {"area": person.area.name}
    if reason.kind == "neighbouring_area":
        text = _("Woont in een aangrenzende buurt (%(area)s)") % {"area": person.area.name}
        if reason.distance_m is None:
            return text
        return f"{text}, {_about(reason.distance_m)}"
    return ", ".join(terms)
