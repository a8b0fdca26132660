"""Short free texts for gifts, interests and wishes (ABCD capacity inventory), per taxonomy tag.

Demo content, not interface text: it is data a worker would have typed, so it is Dutch and
not translated.
"""

import random

from opbouw.core.taxonomy import TAGS

GIFTS: dict[str, list[str]] = {
    "koken": ["Kookt graag voor een grote groep", "Kan koken voor dertig mensen"],
    "tuinieren": ["Heeft groene vingers", "Had vroeger een volkstuin"],
    "klussen": ["Handig met gereedschap", "Repareert fietsen en kleine apparaten"],
    "fietsen": ["Geeft graag fietsles", "Fietst elke dag en kent alle routes"],
    "taalles": ["Was juf op de basisschool", "Leest graag voor aan kinderen"],
    "computer": ["Helpt buren met hun telefoon en DigiD", "Werkt in de ICT"],
    "administratie": ["Kan goed formulieren invullen", "Was boekhouder"],
    "muziek": ["Speelt saz en zingt", "Speelt gitaar in een bandje"],
    "sport": ["Was voetbaltrainer", "Geeft yogales"],
    "kinderen": ["Past graag op kinderen uit de straat", "Heeft ervaring als gastouder"],
    "vervoer": [
        "Heeft een auto en rijdt buren naar het ziekenhuis",
        "Doet boodschappen voor de buurvrouw",
    ],
    "organiseren": ["Organiseerde vroeger de straatfeesten", "Brengt makkelijk mensen bij elkaar"],
    "handwerk": ["Naait en herstelt kleding", "Breit en haakt"],
    "creatief": ["Schildert en tekent", "Maakt mooie affiches"],
    "luisteren": ["Een luisterend oor voor iedereen", "Rustig en geduldig"],
    "vertalen": ["Tolkt {language}–Nederlands", "Vertaalt brieven voor buren ({language})"],
    "ondernemen": ["Had een eigen kapsalon", "Wil een cateringbedrijfje starten"],
    "natuur": ["Weet veel van vogels en planten", "Houdt kippen in de achtertuin"],
    "gezelschap": ["Wandelt graag samen", "Komt graag op de koffie"],
    "fotografie": ["Fotografeert de buurt", "Maakt filmpjes van activiteiten"],
}
WISHES: dict[str, list[str]] = {
    "koken": ["Wil leren koken met weinig geld"],
    "tuinieren": ["Zou graag een stukje grond hebben om te tuinieren"],
    "klussen": ["Zoekt iemand die kan helpen met kleine klussen in huis"],
    "fietsen": ["Wil leren fietsen"],
    "taalles": ["Wil beter Nederlands leren", "Zoekt een taalmaatje"],
    "computer": ["Wil leren videobellen met de kleinkinderen"],
    "administratie": ["Zoekt hulp bij de post en formulieren"],
    "muziek": ["Zou graag samen muziek maken"],
    "sport": ["Wil meer bewegen, liefst samen"],
    "kinderen": ["Zoekt oppas voor twee ochtenden in de week"],
    "vervoer": ["Zoekt vervoer naar het ziekenhuis"],
    "organiseren": ["Wil een buurtfeest opzetten"],
    "handwerk": ["Wil leren naaien"],
    "creatief": ["Wil samen met anderen schilderen"],
    "luisteren": ["Wil graag iemand om mee te praten"],
    "vertalen": ["Zoekt iemand die kan tolken bij de huisarts"],
    "ondernemen": ["Droomt van een eigen zaak"],
    "natuur": ["Wil vaker naar buiten, de natuur in"],
    "gezelschap": ["Zoekt een wandelmaatje"],
    "fotografie": ["Wil leren fotograferen"],
}
INTERESTS = ["Interesse in {name}", "Zou graag meer doen met {name}", "Nieuwsgierig naar {name}"]
TAG_NAMES = {slug: name_nl for slug, name_nl, _name_en in TAGS}
TAG_SLUGS = [slug for slug, _nl, _en in TAGS]
LANGUAGE_NAMES = {
    "ar": "Arabisch", "tr": "Turks", "ti": "Tigrinya", "pl": "Pools", "de": "Duits",
    "ku": "Koerdisch", "rif": "Tarifit", "en": "Engels", "nds": "Twents",
}  # fmt: skip
MAX_TEXT = 500  # the people model's limit for each free text


def gifts_text(rng: random.Random, slugs: tuple[str, ...], languages: tuple[str, ...]) -> str:
    other = [code for code in languages if code != "nl"]
    language = LANGUAGE_NAMES.get(other[0], "Engels") if other else "Engels"
    parts = [rng.choice(GIFTS[slug]).format(language=language) for slug in slugs]
    return "; ".join(parts)[:MAX_TEXT]


def interests_text(rng: random.Random, slugs: tuple[str, ...]) -> str:
    return "; ".join(rng.choice(INTERESTS).format(name=TAG_NAMES[s]) for s in slugs)[:MAX_TEXT]


def wishes_text(rng: random.Random, slugs: tuple[str, ...]) -> str:
    return "; ".join(rng.choice(WISHES[slug]) for slug in slugs)[:MAX_TEXT]
