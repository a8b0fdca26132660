"""Dutch journal notes, follow-ups and signals, composed from template sentences.

A note is an opening (who, where: depends on the kind of entry), one or two sentences on the
entry's themes, sometimes a strength someone brings (ABCD), a mood and a next step. That gives
tens of thousands of different notes that read like a worker wrote them. Demo content, not
interface text: it is data, so it is Dutch and not translated.

Placeholders: {names} the participants ("Fatima en Kees"), {name} the first of them, {pron}
and {poss} their pronouns (ze/haar, hij/zijn), {place}, {group}, {orgs}, {buurt}, {count}.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

OPENINGS: dict[str, list[str]] = {
    "contact": [
        "Bij {place} gesproken met {names}.",
        "Kort contact met {names} bij {place}.",
        "Koffie gedronken met {names} in {place}.",
        "Telefonisch contact met {names}.",
        "Toevallig {names} tegengekomen bij {place}; even bijgepraat.",
        "Op het inloopspreekuur in {place} kwam ik {names} tegen.",
        "Na afloop van een activiteit nog nagepraat met {names}.",
        "Gesprek met {names} op straat in {buurt}.",
    ],
    "home_visit": [
        "Huisbezoek bij {names}.",
        "Op huisbezoek geweest bij {names}, op verzoek van {referrer}.",
        "Samen met {colleague} op bezoek geweest bij {names}.",
        "Tweede bezoek aan {names}; de koffie stond klaar.",
        "Afgesproken bezoek bij {names} in {buurt}.",
    ],
    "meeting": [
        "Bijeenkomst van {group} in {place}, {count} aanwezigen.",
        "{group} kwam samen in {place}; {count} mensen waren er.",
        "Aangeschoven bij {group} in {place}.",
        "Activiteit van {group} in {place} met {count} deelnemers.",
        "Bij {group} geweest; er waren {count} mensen, onder wie {names}.",
    ],
    "signal": [
        "Signaal via {names}.",
        "Melding opgevangen tijdens een rondje door {buurt}.",
        "Via {names} hoorde ik iets dat ik wil doorgeven.",
        "Meerdere bewoners in {buurt} kaartten hetzelfde aan.",
    ],
    "observation": [
        "Rondje door {buurt} gelopen.",
        "Observatie bij {place}.",
        "Vanochtend rondgelopen rond {place}.",
        "Even bij {place} gekeken hoe het gaat.",
        "Op de fiets door {buurt}; wat opviel:",
    ],
    "partner_meeting": [
        "Overleg met {orgs} over {buurt}.",
        "Casusoverleg met {orgs}.",
        "Wijkoverleg met {orgs} in {place}.",
        "Afstemming met {orgs} over de aanpak in {buurt}.",
    ],
}
REFERRERS = [
    "de buren",
    "het wijkteam",
    "de huisarts",
    "Welbions",
    "een vrijwilliger van het taalcafé",
    "de school",
]
COLLEAGUES = [
    "de wijkverpleegkundige",
    "een collega van het wijkteam",
    "de consulent van Welbions",
    "een vrijwilliger",
]

TOPICS: dict[str, list[str]] = {
    "eenzaamheid": [
        "{name} vertelt dat {pron} sinds het overlijden van {poss} partner weinig mensen meer ziet.",  # noqa: E501
        "Vooral de weekenden zijn lang, zegt {name}; de kinderen wonen ver weg.",
        "Sinds de verhuizing naar {buurt} kent {name} bijna niemand in de straat.",
        "{name} komt weinig buiten sinds de heupoperatie en mist de contacten van vroeger.",
        "In deze portiek wonen meerdere ouderen die nauwelijks bezoek krijgen.",
        "{name} zegt zich eenzaam te voelen, al heeft {pron} het druk met de kinderen.",
    ],
    "armoede": [
        "Het einde van de maand is krap; de energierekening en de huur slokken alles op.",
        "{name} durft geen hulp te vragen bij de schulden, schaamte speelt mee.",
        "De kinderen kunnen niet mee op schoolreisje; gewezen op Stichting Leergeld.",
        "Gesproken over de voedselbank en de kledingbank; {name} wist niet dat die er waren.",
        "De toeslagen zijn stopgezet na een wijziging in het inkomen, het is onduidelijk waarom.",
        "Een nieuwe wasmachine zit er niet in; samen gekeken naar het noodfonds.",
    ],
    "groen": [
        "Het grasveld achter de flats ligt er verwaarloosd bij; bewoners willen er zelf iets van maken.",  # noqa: E501
        "Plannen voor geveltuintjes in de straat, {name} wil trekker zijn.",
        "De moestuinbakken staan er goed bij; de eerste courgettes zijn geoogst.",
        "Er is vraag naar meer bankjes en schaduw in het park.",
        "Zwerfafval rond de containers blijft een ergernis; idee voor een opruimochtend.",
        "Bewoners willen de boomspiegels in de straat adopteren.",
    ],
    "veiligheid": [
        "Het fietspad door de groenstrook is 's avonds donker, meerdere bewoners voelen zich onveilig.",  # noqa: E501
        "Zorgen over jongeren die laat bij de speeltuin hangen; volgens {name} gaat het vooral om geluid.",  # noqa: E501
        "Er is twee keer ingebroken in de bergingen van de flat.",
        "Hardrijders in de straat; bewoners willen een snelheidsactie met de wijkagent.",
        "De steeg achter het winkelcentrum is 's avonds donker; bewoners lopen liever om.",
    ],
    "klimaat-energie": [
        "Interesse in de energiecoach: tochtstrips, radiatorfolie en een zuinige douchekop.",
        "Veel vragen over de isolatieplannen van Welbions en wat dat voor de huur betekent.",
        "{name} wil buren helpen hun energiecontract te vergelijken.",
        "Het is koud in huis; de thermostaat gaat niet hoger dan 17 graden om kosten te sparen.",
        "Idee voor een gezamenlijke inkoopactie van zonnepanelen in de straat.",
    ],
    "gezondheid": [
        "{name} heeft last van {poss} knie en beweegt weinig; de wandelclub zou kunnen helpen.",
        "Zorgen over schimmel in de badkamer en de gezondheid van de kinderen.",
        "Gesproken over gezond koken met weinig geld.",
        "Na een val in huis is {name} onzeker geworden om naar buiten te gaan.",
        "{name} slaapt slecht door de zorgen; de huisarts weet ervan.",
    ],
    "jeugd": [
        "De jongeren willen een plek om te sporten en te chillen; het trapveldje is afgesloten.",
        "Ouders zoeken huiswerkbegeleiding; een paar studenten uit de buurt willen helpen.",
        "Er is te weinig te doen voor tieners in de wijk, zeker in de zomervakantie.",
        "{name} wil graag een voetbaltoernooi op het schoolplein organiseren.",
        "Een paar jongeren boden zelf aan te helpen bij de buurtmaaltijd.",
    ],
    "ouderen": [
        "{name} wil zo lang mogelijk thuis blijven wonen, maar de trap wordt een probleem.",
        "De koffieochtend wordt gemist sinds de vaste vrijwilliger gestopt is.",
        "Vraag naar vervoer naar het ziekenhuis en de supermarkt.",
        "DigiD en internetbankieren blijken lastig; vraag naar hulp.",
        "{name} is 84 en doet nog alles zelf, maar zoekt iemand voor de zware boodschappen.",
    ],
    "wonen": [
        "Klachten over de onderhoudsstaat van de woning; reparatieverzoeken blijven liggen.",
        "Overlast van de buren door harde muziek; bemiddeling voorgesteld.",
        "Zorgen over de sloop- en nieuwbouwplannen, bewoners voelen zich niet gehoord.",
        "Het portiek wordt niet schoongemaakt; bewoners overleggen wie wat doet.",
        "{name} staat al jaren ingeschreven voor een kleinere woning.",
    ],
    "taal": [
        "{name} wil beter Nederlands leren om zelf met de huisarts te kunnen praten.",
        "Het taalcafé groeit: nieuwe deelnemers uit Eritrea en Syrië.",
        "Brieven van instanties zijn moeilijk te begrijpen; vraag naar hulp bij het lezen.",
        "Taalmaatje gezocht voor {name}; een gepensioneerde docent uit de buurt heeft zich gemeld.",
        "{name} oefent Nederlands door voor te lezen aan de kinderen.",
    ],
    "ontmoeting": [
        "Er is behoefte aan een laagdrempelige plek om elkaar te ontmoeten, ook 's avonds.",
        "Idee voor een straatbarbecue in de zomer; {name} wil de vergunning regelen.",
        "Mooi om te zien hoe nieuwe en oude bewoners met elkaar in gesprek raakten.",
        "De buurtmaaltijd zat vol; er is een wachtlijst ontstaan.",
        "{name} nodigde spontaan twee buren uit om mee te gaan.",
    ],
    "werk": [
        "{name} zoekt vrijwilligerswerk om ritme te krijgen, misschien bij het Repair Café.",
        "Na jaren thuis wil {name} weer aan het werk; gesproken over een werkervaringsplek.",
        "Het diploma uit het land van herkomst wordt hier niet erkend; frustrerend voor {name}.",
        "{name} helpt nu twee ochtenden in de week in het wijkcentrum.",
    ],
    "zorg": [
        "Buren doen boodschappen voor elkaar; {name} kookt twee keer per week voor de overbuurman.",
        "De mantelzorg voor {poss} moeder valt {name} zwaar; respijtzorg besproken.",
        "Een groepje bewoners houdt een oogje in het zeil bij de oudere buurvrouw.",
        "{name} wil iets terugdoen voor de buren die hielpen na de operatie.",
    ],
    "diversiteit": [
        "Spanningen tussen oudere bewoners en nieuwkomers in de flat, vooral over afval en geluid.",
        "Het Suikerfeest en de kerstmarkt samen vieren: dat idee leeft bij meerdere bewoners.",
        "{name} wil tijdens een buurtavond de Eritrese koffieceremonie laten zien.",
        "Er is onbegrip over elkaars gewoonten; voorstel om samen te koken.",
    ],
}
STRENGTHS = [
    "{name} {gift} en wil dat graag inzetten voor de buurt.",
    "Opvallend: {name} {gift}; misschien iets voor {group}.",
    "{name} {gift} — dat kan de buurt goed gebruiken.",
]
# Gifts as a verb phrase, for "{name} {gift}".
GIFT_PHRASES = {
    "koken": "kookt graag voor grote groepen", "tuinieren": "heeft groene vingers",
    "klussen": "is handig met gereedschap", "fietsen": "kan goed fietsles geven",
    "taalles": "leest graag voor", "computer": "kan goed overweg met computers",
    "administratie": "kan goed formulieren invullen", "muziek": "maakt muziek",
    "sport": "was vroeger trainer", "kinderen": "kan goed met kinderen overweg",
    "vervoer": "heeft een auto en rijdt graag", "organiseren": "kan goed organiseren",
    "handwerk": "naait en herstelt kleding", "creatief": "tekent prachtig",
    "luisteren": "kan goed luisteren", "vertalen": "spreekt meerdere talen",
    "ondernemen": "had een eigen zaak", "natuur": "weet veel van planten",
    "gezelschap": "is graag onder de mensen", "fotografie": "fotografeert graag",
}  # fmt: skip
MOODS = [
    "De sfeer was goed.",
    "Veel energie in de groep.",
    "{name} was zichtbaar opgelucht na het gesprek.",
    "Er was wat onrust, maar het gesprek bleef constructief.",
    "Somber gesprek; goed om de vinger aan de pols te houden.",
    "Veel gelachen.",
    "Er werd flink meegedacht.",
    "Voorzichtig enthousiast.",
    "",
    "",
]
NEXT_STEPS = [
    "Volgende week opnieuw langs.",
    "Ik breng {name} in contact met {group}.",
    "Terugkoppeling aan het wijkteam.",
    "{name} neemt zelf contact op met Welbions; over twee weken vraag ik hoe het ging.",
    "Afgesproken om samen een plan te maken.",
    "Flyer maken voor de volgende bijeenkomst.",
    "Agenderen voor het wijkoverleg.",
    "Geen vervolg nodig.",
    "Doorverwezen naar de voedselbank.",
    "Vraag uitzetten in de buurtapp.",
    "{name} gaat zelf een paar buren vragen; ik help met de uitnodiging.",
    "",
]
FOLLOW_UPS = [
    "{name} terugbellen",
    "Langsgaan bij {name}",
    "Uitzoeken of er budget is voor {topic}",
    "{name} voorstellen aan {group}",
    "Navragen bij het wijkteam hoe het met {name} gaat",
    "Flyer over {topic} rondbrengen",
    "Afspraak maken met Welbions over {topic}",
    "Verslag rondsturen aan de deelnemers",
]
# Signals are about issues residents share (a dark alley, a closing buurthuis), not about one
# household's troubles or suspicions about a neighbour (docs/practice.md, "Signaleren").
SIGNALS: dict[str, list[str]] = {
    "housing": [
        "Schimmel in de badkamers van het hele blok, reparatieverzoeken lopen al maanden",
        "Kapotte portiekverlichting en een lekkend dak in de berging",
        "Overlast door vervuiling in het trappenhuis",
    ],
    "municipality": [
        "Losliggende stoeptegels op de looproute naar de supermarkt",
        "Het buurthuis gaat dicht: de koffieochtend en het taalcafé zoeken een plek",
        "Zwerfafval en bijplaatsingen bij de ondergrondse containers",
        "Straatverlichting langs het fietspad al weken kapot",
    ],
    "care": [
        "Meerdere ouderen in de flat missen vervoer naar de huisartsenpost",
        "Wachtlijst voor schuldhulp: bewoners in de buurt wachten maanden",
    ],
    "health": [
        "Ongedierte in meerdere woningen van hetzelfde blok",
        "Nieuwe bewoners van de flat vinden geen huisarts die patiënten aanneemt",
    ],
    "police": [
        "Donkere steeg achter het winkelcentrum: bewoners durven er 's avonds niet door",
        "Hardrijders in de straat; bewoners willen een snelheidsactie met de wijkagent",
        "Inbraken in de bergingen van het hele blok",
    ],
    "school": [
        "Kinderen komen zonder ontbijt naar school",
        "Ouders hebben geen geld voor de ouderbijdrage",
    ],
    "other": [
        "De voedselbank heeft te weinig vrijwilligers voor de uitgifte",
        "Bewoners zoeken hulp bij het aanvragen van de energietoeslag",
    ],
    "welfare": ["Vrijwilliger van de koffieochtend overbelast"],
    "faith": ["Nieuwkomers zonder netwerk melden zich bij de gebedsruimte"],
}
# Notes that mention health or money troubles are marked sensitive in the demo, as a worker
# should (SensitiveCategory): the words below are how the demo's own sentences say it.
HEALTH_MARKERS = ("operatie", "huisarts", "slaapt slecht", "knie", "val in huis", "gezondheid")
FINANCE_MARKERS = ("schulden", "schuldhulp", "einde van de maand", "toeslagen", "noodfonds")


def sensitive_category_for(note: str) -> str:
    """The special category a demo note belongs to ("" when none): health before finances."""
    lowered = note.lower()
    if any(marker in lowered for marker in HEALTH_MARKERS):
        return "health"
    if any(marker in lowered for marker in FINANCE_MARKERS):
        return "finances"
    return ""


STATUS_NOTES = {
    "forwarded": [
        "Doorgegeven per mail",
        "Telefonisch doorgegeven",
        "Besproken in het wijkoverleg",
    ],
    "in_progress": [
        "Contactpersoon gaat langs",
        "Opgepakt, wacht op een afspraak",
        "Melding ingepland",
    ],
    "resolved": ["Opgelost, bewoner is tevreden", "Gerepareerd", "Hulp is gestart"],
    "closed": ["Bewoner wilde geen vervolg", "Dubbele melding", "Valt buiten hun taak"],
}
TOPIC_WORDS = {
    "eenzaamheid": "eenzaamheid", "armoede": "de voedselbank", "groen": "het groen",
    "veiligheid": "de verlichting", "klimaat-energie": "energiebesparing",
    "gezondheid": "bewegen", "jeugd": "de jongeren", "ouderen": "vervoer",
    "wonen": "de woning", "taal": "taallessen", "ontmoeting": "de buurtavond",
    "werk": "vrijwilligerswerk", "zorg": "mantelzorg", "diversiteit": "de buurtavond",
}  # fmt: skip


@dataclass(frozen=True)
class Who:
    first_name: str
    female: bool


@dataclass
class NoteContext:
    kind: str
    themes: Sequence[str]
    people: Sequence[Who] = ()
    place: str = ""
    group: str = ""
    organisations: Sequence[str] = ()
    buurt: str = ""
    count: int = 0
    gifts: Sequence[str] = field(default_factory=tuple)
    signal: str = ""


def join_names(names: Sequence[str]) -> str:
    if not names:
        return "een bewoner"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " en " + names[-1]


class NoteWriter:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _fill(self, template: str, context: NoteContext) -> str:
        first = context.people[0] if context.people else Who("een bewoner", True)
        return template.format(
            names=join_names([who.first_name for who in context.people[:6]]),
            name=first.first_name,
            pron="ze" if first.female else "hij",
            poss="haar" if first.female else "zijn",
            place=context.place or "het wijkcentrum",
            group=context.group or "de buurtmaaltijd",
            orgs=join_names(list(context.organisations)) if context.organisations else "partners",
            buurt=context.buurt or "de buurt",
            count=context.count or len(context.people),
            referrer=self.rng.choice(REFERRERS),
            colleague=self.rng.choice(COLLEAGUES),
        )

    def note(self, context: NoteContext) -> str:
        rng = self.rng
        openings = OPENINGS[context.kind]
        if not context.place:  # no place recorded: the note does not invent one
            openings = [o for o in openings if "{place}" not in o] or openings
        parts = [rng.choice(openings)]
        if context.signal:
            parts.append(context.signal + ".")
        for theme in list(context.themes)[: 1 if context.signal else 2]:
            parts.append(rng.choice(TOPICS[theme]))
        if context.gifts and context.people and rng.random() < 0.35:
            gift = GIFT_PHRASES[rng.choice(list(context.gifts))]
            parts.append(rng.choice(STRENGTHS).replace("{gift}", gift))
        parts.append(rng.choice(MOODS))
        parts.append(rng.choice(NEXT_STEPS))
        sentences = [self._fill(part, context) for part in parts if part]
        return " ".join(sentence[0].upper() + sentence[1:] for sentence in sentences)

    def follow_up(self, context: NoteContext) -> str:
        template = self.rng.choice(FOLLOW_UPS)
        topic = TOPIC_WORDS[context.themes[0]] if context.themes else "de buurt"
        text = self._fill(template.replace("{topic}", topic), context)
        return (text[0].upper() + text[1:])[:300]

    def signal(self, organisation_kind: str) -> str:
        return self.rng.choice(SIGNALS.get(organisation_kind, SIGNALS["other"]))

    def status_note(self, status: str) -> str:
        options = STATUS_NOTES.get(status)
        return self.rng.choice(options) if options else ""


class NotePool:
    """Pre-written notes per (kind, theme) for the large path: writing a million is too slow.

    Notes in the pool mention people in passing by first name only (not the participants of
    the entry they end up in), which is how many real notes read anyway.
    """

    def __init__(
        self,
        writer: NoteWriter,
        first_names: Sequence[Who],
        kinds: Sequence[str],
        themes: Sequence[str],
        per_key: int,
    ) -> None:
        rng = writer.rng
        self.rng = rng
        self.notes: dict[tuple[str, str], list[str]] = {}
        for kind in kinds:
            for theme in themes:
                notes = []
                for _ in range(per_key):
                    extra = rng.choice(themes)
                    context = NoteContext(
                        kind=kind,
                        themes=(theme, extra)
                        if rng.random() < 0.3 and extra != theme
                        else (theme,),
                        people=rng.sample(list(first_names), rng.randint(1, 3)),
                        place=rng.choice(
                            [
                                "het wijkcentrum",
                                "de speeltuin",
                                "het park",
                                "de supermarkt",
                                "het schoolplein",
                            ]
                        ),
                        group=rng.choice(
                            [
                                "de buurtmaaltijd",
                                "het taalcafé",
                                "de moestuin",
                                "de wandelclub",
                                "de koffieochtend",
                            ]
                        ),
                        organisations=rng.sample(
                            ["het wijkteam", "Welbions", "de gemeente", "de GGD", "de wijkagent"],
                            rng.randint(1, 2),
                        ),
                        buurt="de buurt",
                        count=rng.randint(4, 25),
                        gifts=(rng.choice(list(GIFT_PHRASES)),),
                    )
                    notes.append(writer.note(context))
                self.notes[(kind, theme)] = notes

    def pick(self, kind: str, theme: str) -> str:
        return self.rng.choice(self.notes[(kind, theme)])
