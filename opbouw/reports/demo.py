"""The demo's verantwoording in Berflo Es: stories, a selection round, outcomes, and one year
report issued by the worker and answered by the municipality (policy).

`seed_reports_demo(seed=…)` runs last (a report is derived from the journal, network,
initiatives and conversations). The released story texts and the reflection are written
without names, so the version is frozen directly instead of through report_issue's name
check (which loads the de-identifier, slow for a seed).
"""

import datetime as dt
import random

from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.areas.models import Area

from . import selectors, services
from .models import (
    ChangeType,
    Domain,
    MscLevel,
    Outcome,
    Report,
    SelectionRound,
    Story,
    StorySelection,
    Substantiation,
    Teller,
)

DISTRICT = "WK016405"  # Berflo Es
PANEL_VALUES = (
    "Het panel woog eigen regie van bewoners zwaarder dan het aantal deelnemers; over de vraag "
    "of het opbouwwerk zich moet terugtrekken waren ze het niet eens."
)
WORKER, POLICY = "werker", "beleid"

STORIES = [
    (Domain.CONNECTION, Teller.RESIDENT, "Niet meer alleen op de galerij",
     "Sinds de koffieochtend groet ik iedereen op de galerij. Mijn buurvrouw belt nu aan als ze "
     "boodschappen gaat doen. Vroeger kende ik niemand, nu drink ik twee keer per week koffie.",
     "Ik was eenzaam en dat ben ik niet meer."),
    (Domain.OWN_STRENGTH, Teller.RESIDENT, "Wij doen het zelf",
     "Eerst vroegen we de opbouwwerker om alles te regelen. Nu plannen we de buurtmaaltijd zelf, "
     "met een rooster en een eigen potje. De werker komt alleen nog af en toe kijken.",
     "We merken dat we het kunnen."),
    (Domain.LIVEABILITY, Teller.PARTNER, "Het speelveld is weer van de kinderen",
     "De hangplek bij het speelveld gaf overlast. Bewoners, jongeren en de wijkagent spraken "
     "af wie "
     "wat doet. Er staat nu een bank die de jongeren zelf bouwden en er zijn geen klachten meer.",
     "Minder meldingen, meer contact tussen jong en oud."),
    (Domain.COOPERATION, Teller.WORKER, "De corporatie schuift aan",
     "De woningcorporatie kwam eerst alleen bij klachten. Nu zit de wijkconsulent elke maand aan "
     "tafel bij het bewonersoverleg en stelt ze een ruimte beschikbaar voor de maaltijd.",
     "Samenwerking die blijft, ook als het project stopt."),
    (Domain.CONNECTION, Teller.RESIDENT, "Taalmaatjes in de bibliotheek",
     "Ik oefen elke week Nederlands met een gepensioneerde buurman. We praten over de buurt en nu "
     "help ik hem met zijn telefoon. We zijn vrienden geworden.",
     "Ik hoor er nu bij."),
]  # fmt: skip

OUTCOMES = [
    ("De woningcorporatie", "Stelt structureel een ruimte beschikbaar voor de buurtmaaltijd.",
     "Een vaste plek maakt de maaltijd onafhankelijk van subsidie.",
     "De werker bracht bewonersgroep en corporatie samen en bereidde het gesprek voor.",
     "Wijkconsulent woningcorporatie", ChangeType.PRACTICE, Substantiation.CONFIRMED),
    ("Het bewonersoverleg",
     "Heeft zelf een jongerenavond georganiseerd, zonder hulp van de werker.",
     "Bewoners nemen de regie over een onderwerp dat eerder alleen overlast heette.",
     "De werker zette het gesprek tussen jong en oud op en trok zich daarna terug.",
     "Jongerenwerk, wijkagent", ChangeType.BEHAVIOUR, Substantiation.ASKED),
    ("De basisschool", "Opent het schoolplein na schooltijd voor de buurt.",
     "Meer plek om te spelen en elkaar te ontmoeten.",
     "Signaal van bewoners doorgegeven en samen met de school een afspraak gemaakt.",
     "Directie basisschool", ChangeType.POLICY, Substantiation.NOT_YET),
]  # fmt: skip


def seed_reports_demo(*, seed: int) -> Report | None:
    district = Area.objects.filter(code=DISTRICT).first()
    worker = User.objects.filter(username=WORKER).first()
    policy = User.objects.filter(username=POLICY).first()
    if district is None or worker is None or policy is None:
        return None
    rng = random.Random(seed)
    today = timezone.localdate()
    start = today - dt.timedelta(days=364)
    buurten = list(Area.objects.filter(parent=district).order_by("code").only("id", "path", "code"))
    places = buurten or [district]
    stories = []
    for n, (domain, teller, title, text, why) in enumerate(STORIES):
        story = Story.objects.create(
            area=places[n % len(places)], domain=domain, teller_role=teller, title=title,
            text=text, why_significant=why, told_on=start + dt.timedelta(days=40 + 60 * n),
            recorded_by=worker,
        )  # fmt: skip
        stories.append(story)
    # The texts above name nobody: released as written, confirmed by the worker.
    for story in stories[:3]:
        story.released_text = story.text
        story.released_at = timezone.now()
        story.released_by = worker
        story.save()
    selection_round = SelectionRound.objects.create(
        area=district, period_start=start, period_end=today,
        panel="Twee bewoners, de wijkconsulent, de beleidsmedewerker",
        held_on=today - dt.timedelta(days=7),
        level=MscLevel.DISTRICT,
        values_discussed=PANEL_VALUES,
        created_by=worker,
    )  # fmt: skip
    reasons = [
        "Het laat zien wat een koffieochtend kan doen tegen eenzaamheid.",
        "Bewoners nemen het over: precies waar het opbouwwerk naartoe werkt.",
    ]
    for story, reason in zip(stories[:2], reasons, strict=True):
        StorySelection.objects.create(round=selection_round, story=story, reason=reason)
        story.feedback = "Uw verhaal is door het panel gekozen; dank voor het delen."
        story.feedback_on = today - dt.timedelta(days=rng.randint(1, 6))
        story.save()
    outcomes = [
        Outcome.objects.create(
            area=district,
            actor=actor,
            change=change,
            significance=significance,
            contribution=contribution,
            substantiated_by=who,
            change_type=change_type,
            substantiation=checked,
            place="Berflo Es",
            occurred_on=start + dt.timedelta(days=90 + 80 * n),
            recorded_by=worker,
        )  # fmt: skip
        for n, (actor, change, significance, contribution, who, change_type, checked) in enumerate(
            OUTCOMES
        )
    ]
    report = services.report_create(
        created_by=worker, area=district,
        title=f"Jaarverslag Berflo Es {start:%m-%Y} – {today:%m-%Y}",
        period_start=start, period_end=today,
    )  # fmt: skip
    services.report_update(
        report=report,
        user=worker,
        reflection=(
            "Dit jaar verschoof ons werk van organiseren naar ondersteunen. Bewoners pakten de "
            "buurtmaaltijd en het bewonersoverleg zelf op; wij stonden er steeds vaker naast en "
            "erachter. Het netwerk groeide vooral via de moestuin en de koffieochtenden. Zorgen "
            "blijven er over bewoners die we nog niet bereiken."
        ),
        stories=stories[:2],
        outcomes=outcomes,
    )
    services.freeze_version(
        report=report, issued_by=worker, content=selectors.report_content(worker, report)
    )
    services.report_message_add(
        report=report,
        author=policy,
        text=(
            "Dank voor dit verslag. De verhalen maken zichtbaar wat cijfers niet laten zien. "
            "Kunt u bij de volgende versie meer zeggen over de bewoners die nog niet "
            "bereikt worden?"
        ),
    )
    services.report_message_add(
        report=report,
        author=worker,
        text="Dat nemen we mee; we plannen huisbezoeken in de flats aan de rand van de wijk.",
    )
    return report
