"""Fictional but believable names for Hengelo's residents, and the languages they speak.

Dutch and German names come from Faker (nl_NL, de_DE) mixed with common Twente surnames; the
other origins use short curated lists, because Faker's tr_TR and Arabic locales give rare or
non-Latin names that nobody in Berflo Es would recognise. The mix per buurt follows the CBS
migration-background shares of that buurt (see `origin_weights`).
"""

import random
from dataclasses import dataclass

from faker import Faker

from .areas import BuurtInfo

TWENTE_SURNAMES = [
    "Oude Vrielink", "Wolbers", "Nijhuis", "Kamphuis", "Scholten", "Hofstede", "Lansink",
    "ter Horst", "Pierik", "Morsink", "Brinkhuis", "Haverkate", "Bosch", "Velthuis",
    "Nijenhuis", "Smelt", "Wesselink", "Olthof", "Hulsbeek", "Groot Wassink", "Tijhuis",
    "Keizer", "Leferink", "Jansen", "Bakker", "ten Dam", "Meijerink", "Stokkers",
]  # fmt: skip
TURKISH_FEMALE = [
    "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Esra", "Büşra", "Merve",
    "Hülya", "Sevgi", "Songül", "Derya", "Gül", "Nur", "Yasemin", "Özlem",
]  # fmt: skip
TURKISH_MALE = [
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Yusuf", "Emre",
    "Murat", "Kemal", "Osman", "Recep", "Burak", "Erdal", "Serkan", "Halil", "Cem",
]  # fmt: skip
TURKISH_SURNAMES = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
    "Doğan", "Kılıç", "Aslan", "Koç", "Kurt", "Özdemir", "Polat", "Erdoğan", "Güneş",
]  # fmt: skip
MOROCCAN_FEMALE = [
    "Fatima", "Khadija", "Naima", "Samira", "Malika", "Najat", "Hanan", "Loubna", "Imane",
    "Salma", "Nora", "Yasmina", "Houda", "Siham", "Latifa", "Karima", "Soumaya", "Asmae",
]  # fmt: skip
MOROCCAN_MALE = [
    "Mohamed", "Ahmed", "Youssef", "Mustapha", "Said", "Abdelkader", "Rachid", "Karim",
    "Hassan", "Driss", "Bilal", "Othman", "Ayoub", "Hamza", "Nordin", "Khalid", "Brahim",
]  # fmt: skip
MOROCCAN_SURNAMES = [
    "El Amrani", "Bouzid", "Azzouzi", "El Idrissi", "Benali", "Tahiri", "Ouali", "Boukhari",
    "El Khattabi", "Chaouch", "Haddouchi", "Belhaj", "Ait Taleb", "Essaidi", "Bakkali",
    "Ziani", "El Ouardi", "Bouchtaoui",
]  # fmt: skip
SYRIAN_FEMALE = [
    "Rania", "Lama", "Hiba", "Nour", "Reem", "Dima", "Rasha", "Aya", "Maysa", "Ghalia",
    "Sahar", "Yara", "Rawan", "Amal", "Huda",
]  # fmt: skip
SYRIAN_MALE = [
    "Ahmad", "Omar", "Khaled", "Mahmoud", "Ammar", "Bashar", "Firas", "Hussam", "Tarek",
    "Wael", "Yazan", "Majd", "Rami", "Samer", "Ziad",
]  # fmt: skip
SYRIAN_SURNAMES = [
    "Al-Hassan", "Haddad", "Khoury", "Al-Ali", "Darwish", "Shami", "Mansour", "Kassem",
    "Hamoud", "Al-Masri", "Jaber", "Saleh", "Nasser", "Halabi", "Rahal", "Al-Khatib",
]  # fmt: skip
ERITREAN_FEMALE = [
    "Senait", "Tsega", "Helen", "Mebrat", "Selam", "Yordanos", "Saba", "Rahel", "Winta",
    "Hiwet", "Meron", "Luwam", "Feven", "Ruta",
]  # fmt: skip
ERITREAN_MALE = [
    "Yonas", "Dawit", "Tesfay", "Mehari", "Filmon", "Habtom", "Kidane", "Samuel", "Berhane",
    "Amanuel", "Merhawi", "Yohannes", "Robel", "Natnael",
]  # fmt: skip
# Eritreans carry their father's name; these are common fathers' names.
ERITREAN_SURNAMES = [
    "Tesfamariam", "Ghebremedhin", "Haile", "Tekle", "Woldu", "Kahsay", "Abraha",
    "Gebreyesus", "Mehari", "Berhe", "Tesfay", "Habte", "Andemariam", "Kidane",
]  # fmt: skip
POLISH_FEMALE = [
    "Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Ewa", "Aleksandra",
    "Karolina", "Justyna", "Marta", "Dorota",
]  # fmt: skip
POLISH_MALE = [
    "Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Łukasz", "Jakub", "Kamil",
    "Grzegorz", "Adam", "Mariusz",
]  # fmt: skip
POLISH_SURNAMES = [
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Mazur", "Krawczyk", "Jankowski", "Nowicki",
]  # fmt: skip

# (languages, weight): who speaks what, per origin. ISO 639 codes as the people app expects
# ("nds" is Nedersaksisch, the Twents dialect; "rif" is Tarifit, common among Moroccans here).
LANGUAGES: dict[str, list[tuple[tuple[str, ...], float]]] = {
    "nl": [(("nl",), 70), (("nl", "en"), 15), (("nl", "nds"), 10), (("nl", "de"), 5)],
    "de": [(("de", "nl"), 80), (("de",), 20)],
    "pl": [(("pl", "nl"), 50), (("pl", "en"), 30), (("pl",), 20)],
    "tr": [(("tr", "nl"), 70), (("tr",), 20), (("tr", "ku", "nl"), 10)],
    "ma": [(("ar", "nl"), 50), (("rif", "ar", "nl"), 35), (("ar",), 15)],
    "sy": [(("ar",), 35), (("ar", "nl"), 40), (("ar", "en"), 15), (("ar", "ku"), 10)],
    "er": [(("ti",), 35), (("ti", "nl"), 40), (("ti", "en"), 15), (("ti", "ar"), 10)],
}
FEMALE_SHARE = 0.56  # community work reaches somewhat more women than men
# The journal reaches non-western households more than their share of the population, and
# many Syrian and Eritrean statushouders arrived after the 2018 CBS figures.
NON_WESTERN_REACH = 1.5
NEWCOMER_BASE = {"sy": 2.0, "er": 1.5}


@dataclass(frozen=True)
class Identity:
    name: str
    first_name: str
    female: bool
    origin: str
    languages: tuple[str, ...]


def origin_weights(buurt: BuurtInfo) -> dict[str, float]:
    """Shares (summing to 100) of name origins for a buurt, from its CBS figures."""
    western = buurt.western or 9.0
    turkish = buurt.turkish * NON_WESTERN_REACH
    moroccan = buurt.moroccan * NON_WESTERN_REACH
    other = buurt.other_non_western * NON_WESTERN_REACH
    weights = {
        "pl": western * 0.45,
        "de": western * 0.35,
        "tr": turkish,
        "ma": moroccan,
        "sy": other * 0.45 + NEWCOMER_BASE["sy"],
        "er": other * 0.30 + NEWCOMER_BASE["er"],
    }
    weights["nl"] = max(100.0 - sum(weights.values()), 20.0)
    return weights


class NameMaker:
    """Draws identities; deterministic for a given seed (its own Random and Faker streams)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"names:{seed}")
        self.dutch = Faker("nl_NL")
        self.dutch.seed_instance(seed)
        self.german = Faker("de_DE")
        self.german.seed_instance(seed)
        # Faker is the slow part: draw pools once, then combine them with our own Random.
        self.pools = {
            "nl": (
                [self.dutch.first_name_female() for _ in range(300)],
                [self.dutch.first_name_male() for _ in range(300)],
                [self.dutch.last_name() for _ in range(300)] + TWENTE_SURNAMES * 8,
            ),
            "de": (
                [self.german.first_name_female() for _ in range(80)],
                [self.german.first_name_male() for _ in range(80)],
                [self.german.last_name() for _ in range(80)],
            ),
            "tr": (TURKISH_FEMALE, TURKISH_MALE, TURKISH_SURNAMES),
            "ma": (MOROCCAN_FEMALE, MOROCCAN_MALE, MOROCCAN_SURNAMES),
            "sy": (SYRIAN_FEMALE, SYRIAN_MALE, SYRIAN_SURNAMES),
            "er": (ERITREAN_FEMALE, ERITREAN_MALE, ERITREAN_SURNAMES),
            "pl": (POLISH_FEMALE, POLISH_MALE, POLISH_SURNAMES),
        }

    def identity(self, origin: str) -> Identity:
        rng = self.rng
        female = rng.random() < FEMALE_SHARE
        females, males, surnames = self.pools[origin]
        first = rng.choice(females if female else males)
        last = rng.choice(surnames)
        if origin == "pl" and female and last.endswith("ki"):
            last = last[:-1] + "a"  # Kowalski → Kowalska
        options, weights = zip(*LANGUAGES[origin], strict=True)
        languages = rng.choices(options, weights)[0]
        return Identity(f"{first} {last}", first, female, origin, languages)

    def first_name(self) -> tuple[str, bool]:
        """A first name in the neighbourhood's mix, for notes that mention someone in passing."""
        origin = self.rng.choices(["nl", "tr", "ma", "sy", "er", "pl"], [60, 12, 8, 8, 6, 6])[0]
        female = self.rng.random() < FEMALE_SHARE
        females, males, _surnames = self.pools[origin]
        return self.rng.choice(females if female else males), female
