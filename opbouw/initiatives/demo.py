"""The demo's initiatives in Berflo Es: six, in every stage, with two years of history.

`seed_initiatives_demo(seed=…)` runs after the demo's people, journal and (ideally) the asset
map exist. Everything goes through the services, as in the app; only the dates that services
stamp with "now" (a decision, an added need) are moved back afterwards to where the story puts
them. The demo resident ("bewoner") is in the core of one initiative, so that account sees an
application from the inside; the one waiting for a decision is for "beleid" to decide.
`reset_initiatives_demo()` removes all of it (seed_demo --reset calls it first).
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area
from opbouw.core.models import Theme
from opbouw.people.models import Person

from . import grants, participation_services, services
from .models import (
    Attachment,
    GrantApplication,
    GrantStatusChange,
    Initiative,
    MemberRole,
    MunicipalRole,
    NeedOffer,
    Position,
    Stage,
    SupportMoment,
)
from .participation import ParticipationLevel, ParticipationProcess

MUNICIPALITY = "GM0164"
WORKER, POLICY, RESIDENT = "werker", "beleid", "bewoner"
# Draagvlak: neighbours sign with a first name and an initial (made up).
SUPPORTERS = [
    "Ans K.", "Mehmet Y.", "Ria B.", "Fatima E.", "Gerrit O.", "Marek W.", "Saida A.", "Henk L.",
    "Yvonne T.", "Ahmed B.", "Joke S.", "Tesfay G.", "Wilma H.", "Kevin D.", "Noor V.", "Bas M.",
    "Elif C.", "Annie R.", "Dirk J.", "Lina Z.",
]  # fmt: skip
# A one-page PDF receipt, small and valid enough for the content check.
# A one-page PDF: uploads are opened with a PDF library (opbouw.core.uploads).
RECEIPT = (
    b"%PDF-1.4\n% opbouw demo: kassabon\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Plan:
    title: str
    buurt: str
    themes: tuple[str, ...]
    goal: str
    # (stage, days ago, note): the first is the idea.
    stages: tuple[tuple[Stage, int, str], ...]
    # (stage, position, days ago)
    positions: tuple[tuple[Stage, Position, int], ...] = ()
    # What the municipality does for it (overheidsparticipatie): (role, days ago, note)
    municipal_roles: tuple[tuple[MunicipalRole, int, str], ...] = ()
    core: int = 2
    participants: int = 4
    needs: tuple[tuple[str, str, str | None, int, bool], ...] = ()  # kind, what, asset, ago, done
    grant: dict[str, Any] = field(default_factory=dict)
    resident_in_core: bool = False


PLANS = [
    Plan(
        "Buurtmaaltijd op woensdag", "BU01640501", ("ontmoeting", "eenzaamheid", "armoede"),
        "Elke tweede woensdag samen koken en eten in het wijkcentrum, voor drie euro, zodat "
        "buren die alleen wonen elkaar leren kennen.",
        (
            (Stage.IDEA, 700, "Op de koffieochtend zeiden drie vrouwen: ‘we koken toch al voor tien’."),  # noqa: E501
            (Stage.CORE, 650, "Vijf vaste koks; Fatma en Henk trekken het."),
            (Stage.ACTION, 610, "Eerste maaltijd: 34 gasten."),
            (Stage.INDEPENDENT, 200, "De koks regelen alles zelf; de werker komt nog af en toe eten."),  # noqa: E501
        ),
        positions=((Stage.IDEA, Position.FRONT, 700), (Stage.CORE, Position.BESIDE, 650),
                   (Stage.ACTION, Position.BESIDE, 610), (Stage.INDEPENDENT, Position.BEHIND, 200)),  # noqa: E501
        municipal_roles=((MunicipalRole.STIMULATE, 610, "Startsubsidie en de keuken van het wijkcentrum."), (MunicipalRole.FACILITATE, 200, "De bewoners beheren het zelf, ook de kas; de gemeente houdt de ruimte beschikbaar.")),  # noqa: E501
        core=4, participants=10,
        needs=(("need", "Grote pannen voor 60 personen", "Grote pannenset en gasstellen", 640, True),  # noqa: E501
               ("offer", "Koks koken ook voor de straatfeesten", None, 300, False)),
        grant={"title": "Buurtmaaltijden 2025", "lines": [("Boodschappen (12 maaltijden)", "960"), ("Huur keuken wijkcentrum", "240")],  # noqa: E501
               "own": "360", "own_text": "Koks en afwassers zijn vrijwilligers", "partners": ["Stichting Buurtkracht Hengelo"],  # noqa: E501
               "supporters": 9, "outcome": "accounted", "submitted": 420, "decided": 395, "amount": "1200",  # noqa: E501
               "reason": "Past bij de aanpak eenzaamheid; goed draagvlak.", "report": "Twaalf maaltijden, gemiddeld 41 gasten, van wie een derde alleen woont. Twee gasten koken nu mee.", "spent": "1187.40"},  # noqa: E501
        resident_in_core=True,
    ),
    Plan(
        "Moestuin Berflo Es-Zuid uitbreiden", "BU01640502", ("groen", "ontmoeting"),
        "Tien bakken erbij en een kas, zodat ook de school en de vrouwengroep kunnen tuinieren.",
        (
            (Stage.IDEA, 320, "Wachtlijst voor een bak: 14 buren."),
            (Stage.CORE, 260, "De tuiniers en twee moeders van De Vlinder vormen de kern."),
            (Stage.ACTION, 120, "Kas besteld; de school zaait in maart."),
        ),
        positions=((Stage.IDEA, Position.BESIDE, 320), (Stage.CORE, Position.BESIDE, 260), (Stage.ACTION, Position.BEHIND, 120)),  # noqa: E501
        municipal_roles=((MunicipalRole.FACILITATE, 120, "Groenbeheer levert grond en een kraan."),),  # noqa: E501
        core=3, participants=6,
        needs=(("need", "Aanhanger voor de grond", "Aanhanger", 150, True),
               ("need", "Iemand die kan metselen", None, 110, False)),
        grant={"title": "Kas en tien moestuinbakken", "lines": [("Kas (tweedehands)", "650"), ("Hout voor tien bakken", "480"), ("Grond en compost", "210")],  # noqa: E501
               "own": "150", "own_text": "Bouwdag met twintig buren", "partners": ["Gemeente Hengelo"],  # noqa: E501
               "supporters": 12, "outcome": "granted", "submitted": 200, "decided": 150, "amount": "1340",  # noqa: E501
               "reason": "Toegekend; de gemeente levert ook de grond."},
    ),
    Plan(
        "Een plek voor tieners bij het trapveld", "BU01640502", ("jeugd", "veiligheid"),
        "Een overdekte zitplek en een pannakooi bij het trapveld, bedacht en beheerd door "
        "jongeren zelf.",
        (
            (Stage.IDEA, 90, "Jongeren van de Es vroegen de wijkagent om een eigen plek."),
            (Stage.CORE, 40, "Vier jongeren en twee ouders trekken het."),
        ),
        positions=((Stage.IDEA, Position.FRONT, 90), (Stage.CORE, Position.BESIDE, 40)),
        municipal_roles=((MunicipalRole.DIRECT, 40, "De gemeente brengt jongeren, school en wijkagent aan tafel over de plek."),),  # noqa: E501
        core=3, participants=5,
        needs=(("need", "Geluidsinstallatie voor de opening", "Geluidsinstallatie", 30, False),),
        grant={"title": "Pannakooi en overkapping", "lines": [("Pannakooi (huur eerste jaar)", "1800"), ("Overkapping en bankjes", "950"), ("Openingsfeest", "250")],  # noqa: E501
               "own": "200", "own_text": "Jongeren schilderen en onderhouden", "partners": ["Welbions", "Politie, wijkagenten Hengelo"],  # noqa: E501
               "supporters": 17, "outcome": "submitted", "submitted": 6},
        resident_in_core=False,
    ),
    Plan(
        "Energiecafé Veldwijk", "BU01640504", ("klimaat-energie", "armoede", "wonen"),
        "Een maandelijkse avond waar buren elkaar helpen de energierekening omlaag te krijgen.",
        ((Stage.IDEA, 15, "Na de brief van Welbions over de nieuwe tarieven."),),
        positions=((Stage.IDEA, Position.BESIDE, 15),),
        core=1, participants=2,
    ),
    Plan(
        "Burenhulp in de portiekflats", "BU01640501", ("zorg", "ouderen"),
        "Boodschappen en kleine klussen voor oudere buren in de portiekflats.",
        (
            (Stage.IDEA, 520, "Idee van de bewonerscommissie."),
            (Stage.CORE, 470, "Drie buren nemen het op."),
            (Stage.STOPPED, 300, "De trekker is verhuisd; de buren helpen elkaar nu via de buurtapp."),  # noqa: E501
        ),
        positions=((Stage.IDEA, Position.BESIDE, 520), (Stage.CORE, Position.BESIDE, 470)),
        core=2, participants=1,
    ),
    Plan(
        "Zomerfeest Veldwijk", "BU01640505", ("ontmoeting", "jeugd"),
        "Een straatfeest op het veld bij de speeltuin, met de speeltuinvereniging.",
        (
            (Stage.IDEA, 160, "De speeltuinvereniging wil weer een feest, na jaren."),
            (Stage.CORE, 130, "Zes buren uit drie straten."),
            (Stage.ACTION, 60, "Het feest was er: 200 bezoekers, ook zonder subsidie."),
        ),
        positions=((Stage.CORE, Position.BESIDE, 130), (Stage.ACTION, Position.BEHIND, 60)),
        municipal_roles=((MunicipalRole.REGULATE, 60, "Evenementenvergunning en afsluiting van de straat."),),  # noqa: E501
        core=3, participants=8,
        needs=(("need", "Speelkist en statafels", "Speelkist voor straatfeesten", 90, True),),
        grant={"title": "Zomerfeest Veldwijk", "lines": [("Springkussen", "350"), ("Eten en drinken", "500")],  # noqa: E501
               "own": "100", "own_text": "", "partners": [],
               "supporters": 5, "outcome": "rejected", "submitted": 110, "decided": 95,
               "reason": "Afgewezen: de aanvraag kwam binnen na de sluitingsdatum voor de zomerronde. Dien een volgende keer vóór 1 april in."},  # noqa: E501
    ),
]  # fmt: skip


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _at(days: int) -> dt.datetime:
    moment = dt.datetime.combine(_ago(days), dt.time(10, 0))
    return timezone.make_aware(moment)


@transaction.atomic
def seed_initiatives_demo(*, seed: int) -> dict[str, int]:
    rng = random.Random(f"initiatives:{seed}")
    worker = User.objects.get(username=WORKER)
    policy = User.objects.get(username=POLICY)
    resident = User.objects.filter(username=RESIDENT).first()
    resident_person = Person.objects.filter(user=resident).first() if resident else None
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    asset_model: Any = NeedOffer._meta.get_field("asset").related_model
    entry_model: Any = SupportMoment._meta.get_field("entry").related_model
    made = {"initiatives": 0, "grants": 0, "support": 0}
    for plan in PLANS:
        buurt = Area.objects.get(code=plan.buurt)
        stages = list(plan.stages)
        start = stages[0][1]
        initiative = services.initiative_create(
            created_by=worker,
            title=plan.title,
            goal=plan.goal,
            area=buurt,
            themes=[themes[slug] for slug in plan.themes if slug in themes],
            started_on=_ago(start),
            note=stages[0][2],
        )
        made["initiatives"] += 1
        people = list(
            Person.objects.filter(area=buurt)
            .exclude(pk=resident_person.pk if resident_person else 0)
            .order_by("id")
        )
        chosen = rng.sample(people, min(len(people), plan.core + plan.participants))
        for index, person in enumerate(chosen):
            role = (
                MemberRole.LEAD
                if index == 0
                else MemberRole.CORE
                if index < plan.core
                else rng.choice([MemberRole.PARTICIPANT, MemberRole.VOLUNTEER])
            )
            since = (
                start - rng.randint(0, 20)
                if index < plan.core
                else start - rng.randint(20, start // 2 + 21)
            )  # noqa: E501
            services.member_add(initiative=initiative, added_by=worker, person=person,
                                role=role, since=_ago(max(since, 0)))  # fmt: skip
        if plan.resident_in_core and resident_person is not None:
            services.member_add(initiative=initiative, added_by=worker, person=resident_person,
                                role=MemberRole.CORE, since=_ago(start - 30))  # fmt: skip
        events: list[tuple[str, int, Any, Any]] = sorted(
            [("stage", days, stage, note) for stage, days, note in stages[1:]]
            + [("position", days, stage, position) for stage, position, days in plan.positions]
            + [("role", days, role, note) for role, days, note in plan.municipal_roles],
            key=lambda event: (-event[1], event[0] != "stage"),
        )
        for kind, days, what, extra in events:
            if kind == "stage":
                services.initiative_change_stage(initiative=initiative, changed_by=worker,
                                                 to_stage=what, changed_on=_ago(days), note=extra)  # noqa: E501  # fmt: skip
                initiative.refresh_from_db()
            elif kind == "position":
                change = services.position_set(initiative=initiative, set_by=worker,
                                               position=extra, set_on=_ago(days))  # fmt: skip
                change.stage = what  # the stage it was about, even if set in passing
                change.save(update_fields=["stage"])
            else:
                services.municipal_role_set(initiative=initiative, set_by=worker, role=what,
                                            note=extra, set_on=_ago(days))  # fmt: skip
        for need_kind, description, asset_name, ago, done in plan.needs:
            asset = asset_model.objects.filter(name=asset_name).first() if asset_name else None
            need = services.need_add(
                initiative=initiative,
                created_by=worker,
                kind=need_kind,
                description=description,
                asset_id=asset.pk if asset else None,
            )
            need.created_on = _ago(ago)
            need.fulfilled_on = _ago(max(ago - 14, 0)) if done else None
            need.save(update_fields=["created_on", "fulfilled_on"])
        # Support moments: the worker's own entries in the buurt while the initiative lived.
        last = min(days for _stage, days, _note in stages) if stages[-1][0] == Stage.STOPPED else 0  # noqa: E501
        entries = list(
            entry_model.objects.filter(
                area__path__startswith=buurt.path,
                author=worker,
                occurred_on__gte=_ago(start),
                occurred_on__lte=_ago(last),
                kind__in=["meeting", "contact"],
            ).order_by("occurred_on", "id")[:200]
        )
        for entry in rng.sample(entries, min(len(entries), 3 + len(stages))):
            services.support_add(initiative=initiative, linked_by=worker, entry_id=entry.pk,
                                 note=rng.choice(["Overleg met de kern", "Hulp bij de begroting", "Contact met de gemeente gelegd", "Terugblik en volgende stap", "Vrijwilligers geworven"]))  # noqa: E501  # fmt: skip
            made["support"] += 1
        if plan.grant:
            _grant(initiative, plan.grant, worker=worker, policy=policy, rng=rng)
            made["grants"] += 1
    made["processes"] = _seed_processes(policy)
    return made


# Participation processes on municipal decisions: the level agreed in advance, and afterwards.
PROCESSES = [
    ("Herinrichting van het Vlinderplein", "BU01640505", "het college",
     "De indeling van het plein en de speelplek; budget en planning liggen vast.",
     ParticipationLevel.COPRODUCE, 200, "startnotitie van de wethouder",
     (ParticipationLevel.ADVISE, 40, "Het ontwerp van de bewoners is deels overgenomen; de "
      "speelplek kwam er, de extra bomen niet (kabels in de grond).")),
    ("Nieuw parkeerbeleid Hengelo-Noord", "BU01640505", "de gemeenteraad",
     "Waar vergunningparkeren komt en tot hoe laat; de tarieven bepaalt de raad.",
     ParticipationLevel.CONSULT, 60, "raadsvoorstel", None),
]  # fmt: skip


def _seed_processes(policy: User) -> int:
    made = 0
    for decision, buurt, by, scope, level, ago, agreed_by, realised in PROCESSES:
        process = participation_services.process_create(
            created_by=policy, area=Area.objects.get(code=buurt), decision=decision,
            scope=scope, level_agreed=level, agreed_on=_ago(ago), decided_by=by,
            agreed_by=agreed_by,
        )  # fmt: skip
        if realised is not None:
            level_realised, realised_ago, note = realised
            participation_services.process_realise(
                process=process, by=policy, level_realised=level_realised,
                realised_on=_ago(realised_ago), realised_note=note,
            )  # fmt: skip
        made += 1
    return made


def _grant(
    initiative: Initiative,
    spec: dict[str, Any],
    *,
    worker: User,
    policy: User,
    rng: random.Random,
) -> GrantApplication:
    application = grants.grant_create(
        initiative=initiative,
        created_by=worker,
        title=spec["title"],
        goal=initiative.goal,
        own_contribution=Decimal(spec["own"]),
        own_contribution_text=spec["own_text"],
        partners=list(Organisation.objects.filter(name__in=spec["partners"])),
        lines=[grants.LineInput(text, Decimal(amount)) for text, amount in spec["lines"]],
    )
    streets = ["Berflo Esstraat", "Kuipersdijk", "Veldwijkplein", "Hengelosestraat", "Breemarsweg"]
    for name in rng.sample(SUPPORTERS, spec["supporters"]):
        grants.supporter_add(application=application, added_by=worker, name=name,
                             street=rng.choice(streets))  # fmt: skip
    application = grants.grant_submit(application=application, submitted_by=worker)
    outcome = spec["outcome"]
    if outcome != "submitted":
        application = grants.grant_decide(
            application=application, decided_by=policy, to_status="in_review"
        )
        to_status = "rejected" if outcome == "rejected" else "granted"
        amount = Decimal(spec["amount"]) if to_status == "granted" else None
        application = grants.grant_decide(
            application=application,
            decided_by=policy,
            to_status=to_status,
            reason=spec["reason"],
            granted_amount=amount,
        )
    if outcome == "accounted":
        grants.attachment_add(
            application=application, uploaded_by=worker, kind=Attachment.Kind.RECEIPT,
            upload=SimpleUploadedFile("kassabon-boodschappen.pdf", RECEIPT, "application/pdf"),
            description="Boodschappen, alle maaltijden", amount=Decimal(spec["spent"]),
        )  # fmt: skip
        grants.grant_account(application=application, accounted_by=worker, report=spec["report"],
                             spent_amount=Decimal(spec["spent"]))  # fmt: skip
    # The story's dates: services stamp "now"; the demo moves each step back to its day.
    submitted, decided = spec["submitted"], spec.get("decided", spec["submitted"])
    days = {"submitted": submitted, "in_review": submitted - 5, "granted": decided,
            "rejected": decided, "accounted": max(decided - 90, 1)}  # fmt: skip
    for step in GrantStatusChange.objects.filter(application=application):
        GrantStatusChange.objects.filter(pk=step.pk).update(changed_at=_at(days[step.to_status]))
    GrantApplication.objects.filter(pk=application.pk).update(
        created_at=_at(submitted + 20),
        submitted_on=_ago(submitted),
        decided_on=_ago(decided) if outcome != "submitted" else None,
        accounted_on=_ago(days["accounted"]) if outcome == "accounted" else None,
    )
    return application


def reset_initiatives_demo() -> None:
    """Remove the demo's initiatives with everything hanging off them, and their files."""
    initiatives = Initiative.objects.filter(area__path__startswith=MUNICIPALITY + "/")
    for attachment in Attachment.objects.filter(application__initiative__in=initiatives):
        attachment.file.delete(save=False)
    initiatives.delete()
    ParticipationProcess.objects.filter(area__path__startswith=MUNICIPALITY + "/").delete()
