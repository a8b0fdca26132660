"""The demo's places and groups, as data: Berflo Es by hand, the other buurten from templates.

Demo content, not interface text: names and descriptions are data a worker would have typed,
so they are Dutch and not translated. Days are offsets from the journal's first day (negative:
the group existed before the journal starts).
"""

# ruff: noqa: E501

from dataclasses import dataclass

from opbouw.areas.models import Place
from opbouw.people.models import Group

from .config import DEMO_DISTRICT_CODE

K = Place.Kind
G = Group.Kind
WIJK = DEMO_DISTRICT_CODE


@dataclass(frozen=True)
class GroupTemplate:
    name: str
    kind: str
    area_code: str  # "{buurt}" in templates for other buurten
    place_key: str
    themes: tuple[str, ...]
    tags: tuple[str, ...]  # gifts and interests that draw members
    founded_day: int
    size: tuple[int, int]
    description: str
    origins: tuple[str, ...] = ()  # when only people of these origins join
    women_only: bool = False


# fmt: off
# (key, name, kind, buurt code, description)
BERFLO_PLACES = [
    ("wijkcentrum", "Wijkcentrum Berflo Es", K.COMMUNITY_CENTRE, "BU01640501", "Zalen, keuken en een inloop op werkdagen."),
    ("buurthuis-veldwijk", "Buurthuis Veldwijk", K.COMMUNITY_CENTRE, "BU01640504", "Klein buurthuis, door vrijwilligers open gehouden."),
    ("moestuin", "Moestuin De Berflo", K.GARDEN, "BU01640502", "Twintig bakken en een kas op een voormalig grasveld."),
    ("speeltuin", "Speeltuin Veldwijk", K.SPORT, "BU01640505", "Omheinde speeltuin met een clubhuisje."),
    ("groenstrook", "Groenstrook Berflo Es", K.PARK, "BU01640501", "Grasvelden en een fietspad tussen de flats."),
    ("schoolplein", "Schoolplein De Vlinder", K.SCHOOL, "BU01640501", "Na schooltijd open voor de buurt."),
    ("moskee", "Moskee Berflo Es", K.FAITH, "BU01640502", "Gebedsruimte met een theehuis."),
    ("kerk", "Kerk Veldwijk", K.FAITH, "BU01640504", "Protestantse kerk met een open koffieochtend."),
    ("trapveld", "Trapveld Berflo Es-Zuid", K.SPORT, "BU01640502", "Kunstgrasveldje met twee doeltjes."),
    ("winkels", "Winkelcentrum Berflo Es", K.SHOP, "BU01640501", "Supermarkt, bakker en een Turkse winkel."),
    ("portiekflats", "Portiekflats Berflo Es-Noord", K.STREET, "BU01640501", "Vier portiekflats van Welbions."),
]
BERFLO_GROUPS = [
    GroupTemplate("Moestuin Berflo Es", G.INFORMAL, "BU01640502", "moestuin", ("groen", "ontmoeting"), ("tuinieren", "natuur", "koken"), -400, (18, 25), "Bewoners tuinieren samen en delen de oogst."),
    GroupTemplate("Buurtmaaltijd Berflo Es", G.INFORMAL, WIJK, "wijkcentrum", ("ontmoeting", "eenzaamheid", "armoede"), ("koken", "organiseren"), -300, (20, 30), "Elke tweede woensdag samen eten voor drie euro."),
    GroupTemplate("Taalcafé Berflo Es", G.INFORMAL, WIJK, "wijkcentrum", ("taal", "ontmoeting"), ("taalles", "vertalen", "luisteren"), -200, (15, 25), "Nederlands oefenen met koffie, elke dinsdagochtend."),
    GroupTemplate("Vrouwengroep Berflo Es", G.INFORMAL, WIJK, "buurthuis-veldwijk", ("ontmoeting", "diversiteit", "gezondheid"), ("handwerk", "koken", "gezelschap"), -500, (12, 20), "Vrouwen uit de wijk, elke donderdag.", women_only=True),
    GroupTemplate("Jongeren van de Es", G.INFORMAL, "BU01640502", "trapveld", ("jeugd", "veiligheid"), ("sport", "muziek"), 100, (10, 16), "Jongeren die zelf activiteiten opzetten."),
    GroupTemplate("Speeltuinvereniging Veldwijk", G.ASSOCIATION, "BU01640505", "speeltuin", ("jeugd", "groen"), ("kinderen", "klussen", "organiseren"), -1000, (8, 14), "Beheert de speeltuin en organiseert de zomerweek."),
    GroupTemplate("Wijkraad Berflo Es", G.RESIDENTS, WIJK, "wijkcentrum", ("wonen", "veiligheid", "groen"), ("organiseren", "administratie"), -1500, (7, 11), "Bewonersplatform; praat mee met gemeente en Welbions."),
    GroupTemplate("Repair Café Berflo Es", G.ASSOCIATION, "BU01640501", "wijkcentrum", ("klimaat-energie", "werk"), ("klussen", "computer", "handwerk"), 300, (10, 16), "Samen repareren, elke eerste zaterdag."),
    GroupTemplate("Wandelclub De Es", G.INFORMAL, WIJK, "groenstrook", ("gezondheid", "eenzaamheid", "ouderen"), ("gezelschap", "sport", "natuur"), -100, (12, 20), "Elke maandag een uur wandelen, daarna koffie."),
    GroupTemplate("Moskeegemeenschap Berflo Es", G.FAITH, "BU01640502", "moskee", ("diversiteit", "ontmoeting", "zorg"), ("koken", "organiseren"), -3000, (15, 30), "Gebedsgemeenschap die ook buurtactiviteiten steunt.", origins=("tr", "ma", "sy")),
    GroupTemplate("Kerkgemeenschap Veldwijk", G.FAITH, "BU01640504", "kerk", ("zorg", "ouderen", "ontmoeting"), ("luisteren", "vervoer"), -3000, (12, 20), "Kerkgemeente met een bezoekdienst voor ouderen.", origins=("nl", "de", "pl", "er")),
    GroupTemplate("Koffieochtend Veldwijk", G.INFORMAL, "BU01640504", "buurthuis-veldwijk", ("ouderen", "eenzaamheid", "ontmoeting"), ("gezelschap", "luisteren"), -600, (10, 18), "Vrijdagochtend koffie voor wie even onder de mensen wil."),
    GroupTemplate("Naaicafé Berflo Es", G.INFORMAL, "BU01640501", "wijkcentrum", ("ontmoeting", "werk", "armoede"), ("handwerk", "creatief"), 150, (8, 14), "Kleding herstellen en samen naaien."),
    GroupTemplate("Buurtpreventie Berflo Es", G.RESIDENTS, WIJK, "portiekflats", ("veiligheid",), ("organiseren", "luisteren"), -800, (10, 15), "Buurtapp en avondrondes met de wijkagent."),
    GroupTemplate("Energiecoaches Berflo Es", G.ASSOCIATION, WIJK, "wijkcentrum", ("klimaat-energie", "armoede", "wonen"), ("klussen", "administratie", "computer"), 200, (6, 10), "Vrijwilligers die buren helpen energie te besparen."),
    GroupTemplate("Eritrese gemeenschap Berflo Es", G.INFORMAL, WIJK, "buurthuis-veldwijk", ("diversiteit", "taal", "ontmoeting"), ("vertalen", "koken"), -300, (8, 15), "Eritrese nieuwkomers en hun families.", origins=("er",)),
    GroupTemplate("Poolse ouders Berflo Es", G.INFORMAL, WIJK, "schoolplein", ("jeugd", "taal", "ontmoeting"), ("kinderen",), 520, (5, 10), "Poolse ouders van kinderen op De Vlinder.", origins=("pl",)),
    GroupTemplate("Voetbal op het plein", G.SPORT, "BU01640502", "trapveld", ("jeugd", "gezondheid"), ("sport", "kinderen"), 380, (10, 18), "Woensdagmiddag voetbal voor kinderen, door ouders begeleid."),
    GroupTemplate("Bewonerscommissie Veldwijk-Noord", G.RESIDENTS, "BU01640504", "buurthuis-veldwijk", ("wonen", "veiligheid"), ("organiseren", "administratie"), -900, (5, 9), "Huurders van Welbions in Veldwijk-Noord."),
    GroupTemplate("Zwerfafvalteam Berflo Es", G.INFORMAL, "BU01640501", "groenstrook", ("groen", "veiligheid"), ("natuur", "gezelschap"), 450, (6, 12), "Prikken en opruimen, elke laatste zaterdag."),
]
# For every other buurt in the large demo.
PLACE_TEMPLATES = [
    ("buurthuis", "Buurthuis {buurt}", K.COMMUNITY_CENTRE, "Ontmoetingsplek van de buurt."),
    ("speeltuin", "Speeltuin {buurt}", K.SPORT, "Speeltuin met bankjes."),
    ("groen", "Groenstrook {buurt}", K.PARK, "Gras, bomen en een wandelpad."),
    ("school", "Schoolplein {buurt}", K.SCHOOL, "Na schooltijd open."),
]
GROUP_TEMPLATES = [
    GroupTemplate("Koffieochtend {buurt}", G.INFORMAL, "{buurt}", "buurthuis", ("ouderen", "eenzaamheid", "ontmoeting"), ("gezelschap", "luisteren"), -600, (8, 16), "Wekelijkse koffieochtend."),
    GroupTemplate("Moestuin {buurt}", G.INFORMAL, "{buurt}", "groen", ("groen", "ontmoeting"), ("tuinieren", "natuur"), -200, (8, 18), "Samen tuinieren."),
    GroupTemplate("Buurtmaaltijd {buurt}", G.INFORMAL, "{buurt}", "buurthuis", ("ontmoeting", "armoede"), ("koken", "organiseren"), 60, (10, 20), "Maandelijks samen eten."),
    GroupTemplate("Speeltuinvereniging {buurt}", G.ASSOCIATION, "{buurt}", "speeltuin", ("jeugd", "groen"), ("kinderen", "klussen"), -1000, (6, 12), "Beheert de speeltuin."),
    GroupTemplate("Wandelgroep {buurt}", G.INFORMAL, "{buurt}", "groen", ("gezondheid", "eenzaamheid"), ("gezelschap", "sport"), 250, (8, 15), "Samen wandelen."),
    GroupTemplate("Bewonerscommissie {buurt}", G.RESIDENTS, "{buurt}", "buurthuis", ("wonen", "veiligheid"), ("organiseren", "administratie"), -900, (5, 9), "Huurders praten mee."),
    GroupTemplate("Taalmaatjes {buurt}", G.INFORMAL, "{buurt}", "buurthuis", ("taal",), ("taalles", "luisteren"), 300, (6, 14), "Taalmaatjes en hun maatjes."),
    GroupTemplate("Jongerenplek {buurt}", G.INFORMAL, "{buurt}", "school", ("jeugd",), ("sport", "muziek"), 400, (8, 14), "Jongeren met eigen plannen."),
]
# fmt: on
