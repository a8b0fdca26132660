"""Two believable conversations in Berflo Es for the demo, with real opinion structure.

``seed_dialogue_demo(seed=1)`` (called by the demo builder after the areas and users exist)
creates them in wijk Berflo Es (WK016405), each with seed statements and about 80
participants whose votes follow a few hidden points of view, some buurt-specific; the roles
they declare lean a little with their point of view, so the breakdown by role shows
something. Deterministic for a seed (random.Random). Idempotent: a conversation with the
same question in the wijk is left alone. Ends with an analysis of each conversation.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.areas.models import Area, Level, Membership
from opbouw.core.models import Theme
from opbouw.core.roles import Role

from .models import Conversation, Participant, Statement, Vote, VoteEvent
from .snapshots import snapshot_compute

DEMO_AREA_CODE = "WK016405"
PARTICIPANTS = 80


@dataclass(frozen=True)
class DemoStatement:
    text: str
    # Stance per hidden point of view: +1 agrees, -1 disagrees, 0 mixed.
    stances: tuple[int, ...]
    is_meta: bool = False


@dataclass(frozen=True)
class DemoConversation:
    question: str
    description: str
    themes: tuple[str, ...]
    # Share of participants per point of view, and the roles each point of view leans to.
    views: tuple[float, ...]
    role_lean: tuple[dict[str, float], ...]
    statements: tuple[DemoStatement, ...]
    opened_days_ago: int
    closes_in_days: int


RESIDENTS = {"resident": 0.8, "entrepreneur": 0.05, "professional": 0.05, "other": 0.05}

GREEN = DemoConversation(
    question="Hoe maken we Berflo Es groener en fijner om buiten te zijn?",
    description=(
        "De gemeente en Welbions willen de komende jaren de openbare ruimte in Berflo Es "
        "opknappen. Voordat er plannen liggen, willen we weten wat bewoners, ondernemers en "
        "professionals in de wijk belangrijk vinden. Stem op de stellingen en voeg je eigen "
        "stelling toe."
    ),
    themes=("groen", "ontmoeting", "veiligheid"),
    # 0: groen voorop, 1: parkeren en onderhoud eerst, 2: veilig en ontmoeten
    views=(0.4, 0.35, 0.25),
    role_lean=(
        {"resident": 0.65, "professional": 0.15, "municipality": 0.12, "other": 0.08},
        {"resident": 0.75, "entrepreneur": 0.2, "other": 0.05},
        {"resident": 0.8, "professional": 0.12, "municipality": 0.03, "other": 0.05},
    ),
    statements=(
        DemoStatement("Er moeten meer bomen komen in de straten van Berflo Es.", (1, -1, 1)),
        DemoStatement("Parkeerplaatsen mogen plaatsmaken voor groen.", (1, -1, 0)),
        DemoStatement(
            "Parkeren is nu al lastig; minder plekken maakt het alleen erger.", (-1, 1, 0)
        ),
        DemoStatement("Geveltuintjes moeten overal mogen, ook bij huurwoningen.", (1, 0, 1)),
        DemoStatement("Tegels eruit, planten erin: ik doe mee aan het tegelwippen.", (1, -1, 0)),
        DemoStatement("De gemeente moet het groen onderhouden, niet de bewoners.", (-1, 1, 0)),
        DemoStatement("Ik wil zelf meehelpen met het onderhoud van een buurttuin.", (1, -1, 1)),
        DemoStatement("Een moestuin bij het buurthuis brengt mensen bij elkaar.", (1, 0, 1)),
        DemoStatement(
            "Er moeten meer bankjes komen, zodat ouderen een rondje kunnen lopen.", (1, 1, 1)
        ),
        DemoStatement(
            "Ik voel me 's avonds niet veilig in het park door de slechte verlichting.", (0, 1, 1)
        ),
        DemoStatement("Meer verlichting in het park verstoort de natuur.", (1, -1, -1)),
        DemoStatement("Er moet een plek komen waar jongeren mogen afspreken.", (0, -1, 1)),
        DemoStatement(
            "Hondenpoep op de grasvelden is het grootste probleem van de wijk.", (-1, 1, 0)
        ),
        DemoStatement("In de zomer is het in mijn straat te heet door alle stenen.", (1, 0, 0)),
        DemoStatement("De binnentuinen van de flats moeten worden opgeknapt.", (1, 1, 1)),
        DemoStatement(
            "Speelplekken zijn er vooral voor kleine kinderen; tieners hebben niets.", (0, 0, 1)
        ),
        DemoStatement("Groen kost geld dat beter aan iets anders kan worden besteed.", (-1, 1, -1)),
        DemoStatement("Ik woon langer dan tien jaar in Berflo Es.", (0, 1, 0), is_meta=True),
    ),
    opened_days_ago=18,
    closes_in_days=24,
)

ENERGY = DemoConversation(
    question="Van het gas af in Berflo Es: wat is er nodig om mee te kunnen doen?",
    description=(
        "Berflo Es is een van de wijken waar de overstap naar duurzame warmte wordt "
        "voorbereid. Wat maakt het voor jou haalbaar, en wat houdt je tegen? De uitkomst "
        "gaat mee naar het wijkoverleg met de gemeente en de woningcorporatie."
    ),
    themes=("klimaat-energie", "armoede", "wonen"),
    # 0: zorgen over kosten, 1: sneller en samen, 2: huurders willen zeggenschap
    views=(0.4, 0.3, 0.3),
    role_lean=(
        {"resident": 0.85, "entrepreneur": 0.1, "other": 0.05},
        {"resident": 0.55, "professional": 0.15, "municipality": 0.2, "entrepreneur": 0.1},
        {"resident": 0.85, "professional": 0.1, "other": 0.05},
    ),
    statements=(
        DemoStatement("Ik wil pas van het gas af als het mij niets extra kost.", (1, -1, 1)),
        DemoStatement("De overstap moet sneller; het klimaat wacht niet.", (-1, 1, 0)),
        DemoStatement(
            "Een warmtenet voor de hele wijk is beter dan een warmtepomp per huis.", (0, 1, 1)
        ),
        DemoStatement(
            "Huurders moeten mee kunnen beslissen over de aanpak van hun woning.", (1, 1, 1)
        ),
        DemoStatement("De gemeente moet bewoners eerst helpen met isoleren.", (1, 1, 1)),
        DemoStatement("Ik maak me zorgen over mijn energierekening deze winter.", (1, -1, 1)),
        DemoStatement("Energiecoaches aan huis helpen meer dan folders.", (1, 1, 1)),
        DemoStatement("Zonnepanelen op het buurthuis, met de opbrengst voor de buurt.", (0, 1, 1)),
        DemoStatement("Een energiecoöperatie van bewoners zou ik steunen.", (-1, 1, 0)),
        DemoStatement("Er wordt te veel over ons besloten en te weinig met ons.", (1, -1, 1)),
        DemoStatement(
            "Eerst moeten de grote bedrijven verduurzamen, dan pas de huishoudens.", (1, -1, 0)
        ),
        DemoStatement(
            "Informatie over de warmteplannen moet ook in andere talen dan Nederlands.", (0, 1, 1)
        ),
        DemoStatement("De woningcorporatie moet de huurwoningen eerst goed isoleren.", (1, 0, 1)),
        DemoStatement("Ik vertrouw erop dat de gemeente dit goed regelt.", (-1, 1, -1)),
        DemoStatement("Ik heb mijn huis zelf al (deels) geïsoleerd.", (-1, 1, -1), is_meta=True),
    ),
    opened_days_ago=30,
    closes_in_days=12,
)

DEMO_CONVERSATIONS = (GREEN, ENERGY)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    roles = list(weights)
    return rng.choices(roles, weights=[weights[role] for role in roles])[0]


def _worker(area: Area) -> User | None:
    """A worker of the wijk (or of an area above or below it), to be the conversations' maker."""
    workers = Membership.objects.filter(role=Role.WORKER).select_related("user").order_by("id")
    membership = (
        workers.filter(area__path__in=_ancestors(area)).first()
        or workers.filter(area__path__startswith=area.path).first()
    )
    return membership.user if membership else None


def _ancestors(area: Area) -> list[str]:
    parts = [p for p in area.path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def seed_dialogue_demo(*, seed: int, created_by: User | None = None) -> list[Conversation]:
    """Create (or find) the demo conversations in Berflo Es and analyse them."""
    area = Area.objects.filter(code=DEMO_AREA_CODE).first()
    if area is None:
        raise ValueError(
            f"The demo wijk {DEMO_AREA_CODE} (Berflo Es) is missing: load the areas first."
        )
    buurten = list(
        Area.objects.filter(path__startswith=area.path, level=Level.NEIGHBOURHOOD).order_by("code")
    )
    author = created_by or _worker(area)
    made = []
    for index, plan in enumerate(DEMO_CONVERSATIONS):
        existing = Conversation.objects.filter(area=area, question=plan.question).first()
        if existing is not None:
            made.append(existing)
            continue
        rng = random.Random(f"{seed}-dialogue-{index}")
        with transaction.atomic():
            conversation = _create(plan, area, buurten, author, rng)
        snapshot_compute(conversation_id=conversation.pk)
        made.append(conversation)
    return made


def _create(
    plan: DemoConversation,
    area: Area,
    buurten: Sequence[Area],
    author: User | None,
    rng: random.Random,
) -> Conversation:
    now = timezone.now()
    opened = now - dt.timedelta(days=plan.opened_days_ago)
    conversation = Conversation.objects.create(
        question=plan.question,
        description=plan.description,
        area=area,
        opens_at=opened,
        closes_at=now + dt.timedelta(days=plan.closes_in_days),
        moderation=Conversation.Moderation.STRICT,
        created_by=author,
    )
    conversation.themes.set(Theme.objects.filter(slug__in=plan.themes))
    Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            number=number,
            text=item.text,
            is_seed=True,
            is_meta=item.is_meta,
            status=Statement.Status.APPROVED,
        )
        for number, item in enumerate(plan.statements, start=1)
    )
    statements = list(Statement.objects.filter(conversation=conversation).order_by("number"))
    # Each participant holds one hidden point of view and declares a role now and then.
    views = rng.choices(range(len(plan.views)), weights=plan.views, k=PARTICIPANTS)
    Participant.objects.bulk_create(
        Participant(
            conversation=conversation,
            declared_role=(_pick(rng, plan.role_lean[view]) if rng.random() < 0.85 else ""),
            buurt=rng.choice(buurten) if buurten and rng.random() < 0.7 else None,
        )
        for view in views
    )
    participants = list(Participant.objects.filter(conversation=conversation).order_by("id"))
    votes: list[Vote] = []
    events: list[VoteEvent] = []
    span = (now - opened).total_seconds()
    for participant, view in zip(participants, views, strict=True):
        joined = opened + dt.timedelta(seconds=rng.random() * span * 0.9)
        share = rng.uniform(0.55, 1.0)
        for statement, item in zip(statements, plan.statements, strict=True):
            if rng.random() > share:
                continue
            value = _vote(rng, item.stances[view])
            moment = joined + dt.timedelta(seconds=rng.randint(5, 600))
            votes.append(
                Vote(
                    conversation=conversation,
                    participant=participant,
                    statement=statement,
                    value=value,
                    updated_at=moment,
                )
            )
            events.append(
                VoteEvent(
                    conversation=conversation,
                    participant=participant,
                    statement=statement,
                    value=value,
                    source=Participant.Source.WEB,
                    created_at=moment,
                )
            )
    Vote.objects.bulk_create(votes, batch_size=2000)
    events.sort(key=lambda event: event.created_at)
    VoteEvent.objects.bulk_create(events, batch_size=2000)
    # One participant's own statement waits for the worker, as it would in real life.
    Statement.objects.create(
        conversation=conversation,
        number=len(statements) + 1,
        text=(
            "Maak van de parkeerplaats achter het winkelcentrum een buurtpark."
            if plan is GREEN
            else "Organiseer een energiecafé in het buurthuis, elke eerste maandag."
        ),
        author=participants[0],
        status=Statement.Status.PENDING,
    )
    return conversation


def _vote(rng: random.Random, stance: int) -> int:
    if rng.random() < 0.12:
        return 0
    if stance == 0:
        return rng.choice((1, -1))
    return stance if rng.random() < 0.82 else -stance


def reset_dialogue_demo() -> int:
    """Delete the demo conversations (votes, statements and snapshots go with them)."""
    area = Area.objects.filter(code=DEMO_AREA_CODE).first()
    if area is None:
        return 0
    questions = [plan.question for plan in DEMO_CONVERSATIONS]
    conversations = Conversation.objects.filter(area=area, question__in=questions)
    count = conversations.count()
    conversations.delete()
    return count
