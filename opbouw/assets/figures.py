"""The CBS key figures opbouw knows, under one stable key each, and how to find them in a file.

CBS publishes "Kerncijfers wijken en buurten" in two layouts:

- CBS's own (StatLine / OData) CSV: keys like `AantalInwoners_5`. The number after the last
  underscore is the column's position in that year's table and shifts between years
  (`HuishoudensTotaal_28` in 2018, `_29` in 2024), so a column is recognised by its *stem*
  (`HuishoudensTotaal`), never by the full key. Some stems were renamed over the years
  (`GemiddeldeWoningwaarde` → `GemiddeldeWOZWaardeVanWoningen`): both are listed.
- The attributes of the CBS/PDOK wijk- en buurtkaart (GeoJSON properties, and the CSV that
  opbouw's demo data was made from): snake_case names like `aantal_inwoners`, and percentages
  where CBS's own CSV has counts (`percentage_personen_0_tot_15_jaar`).

A figure published as a count and as a percentage gets two keys (`age_0_15`, `age_0_15_pct`):
what CBS published is stored as it was published; the profile derives a share from counts
when it needs one and says so.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    AVERAGE = "average"
    THOUSAND_EURO = "thousand_euro"
    PER_KM2 = "per_km2"
    HECTARE = "hectare"
    KWH = "kwh"
    M3 = "m3"


UNIT_SUFFIX: dict[Unit, Promise | str] = {
    Unit.COUNT: "",
    Unit.PERCENT: "%",
    Unit.AVERAGE: "",
    Unit.THOUSAND_EURO: _("× € 1.000"),
    Unit.PER_KM2: _("per km²"),
    Unit.HECTARE: _("ha"),
    Unit.KWH: _("kWh"),
    Unit.M3: _("m³"),
}


class Topic(StrEnum):
    POPULATION = "population"
    AGE = "age"
    HOUSEHOLDS = "households"
    HOUSING = "housing"
    INCOME = "income"
    BACKGROUND = "background"
    ECONOMY = "economy"
    ENERGY = "energy"
    SPACE = "space"


TOPIC_LABELS: dict[Topic, Promise] = {
    Topic.POPULATION: _("Bevolking"),
    Topic.AGE: _("Leeftijd"),
    Topic.HOUSEHOLDS: _("Huishoudens"),
    Topic.HOUSING: _("Wonen"),
    Topic.INCOME: _("Inkomen"),
    Topic.BACKGROUND: _("Herkomst"),
    Topic.ECONOMY: _("Bedrijvigheid en vervoer"),
    Topic.ENERGY: _("Energie"),
    Topic.SPACE: _("Oppervlakte"),
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    unit: Unit
    topic: Topic
    # Exact names in the PDOK/wijk- en buurtkaart layout (and opbouw's demo CSVs), lower case.
    names: tuple[str, ...] = ()
    # CBS StatLine keys without their numeric suffix.
    stems: tuple[str, ...] = ()
    # Deriving the figure of a larger area from its buurten: "sum", or the key of the figure
    # to weigh an average or percentage by; None: not derivable (a density, a median).
    aggregate: str | None = None


FIGURES: tuple[Figure, ...] = (
    # Bevolking
    Figure("inhabitants", _("Inwoners"), Unit.COUNT, Topic.POPULATION, ("aantal_inwoners",), ("AantalInwoners",), "sum"),  # noqa: E501
    Figure("men", _("Mannen"), Unit.COUNT, Topic.POPULATION, ("mannen",), ("Mannen",), "sum"),
    Figure("women", _("Vrouwen"), Unit.COUNT, Topic.POPULATION, ("vrouwen",), ("Vrouwen",), "sum"),  # noqa: E501
    Figure("density", _("Inwoners per km² land"), Unit.PER_KM2, Topic.POPULATION, ("bevolkingsdichtheid_inwoners_per_km2", "bevolkingsdichtheid"), ("Bevolkingsdichtheid",)),  # noqa: E501
    # Leeftijd: percentages (PDOK) and counts (CBS CSV since about 2018)
    Figure("age_0_15_pct", _("0 tot 15 jaar"), Unit.PERCENT, Topic.AGE, ("percentage_personen_0_tot_15_jaar", "0_15", "p_00_14_jr"), (), "inhabitants"),  # noqa: E501
    Figure("age_15_25_pct", _("15 tot 25 jaar"), Unit.PERCENT, Topic.AGE, ("percentage_personen_15_tot_25_jaar", "15_25", "p_15_24_jr"), (), "inhabitants"),  # noqa: E501
    Figure("age_25_45_pct", _("25 tot 45 jaar"), Unit.PERCENT, Topic.AGE, ("percentage_personen_25_tot_45_jaar", "25_45", "p_25_44_jr"), (), "inhabitants"),  # noqa: E501
    Figure("age_45_65_pct", _("45 tot 65 jaar"), Unit.PERCENT, Topic.AGE, ("percentage_personen_45_tot_65_jaar", "45_65", "p_45_64_jr"), (), "inhabitants"),  # noqa: E501
    Figure("age_65_plus_pct", _("65 jaar en ouder"), Unit.PERCENT, Topic.AGE, ("percentage_personen_65_jaar_en_ouder", "65plus", "p_65_eo_jr"), (), "inhabitants"),  # noqa: E501
    Figure("age_0_15", _("0 tot 15 jaar (aantal)"), Unit.COUNT, Topic.AGE, (), ("k_0Tot15Jaar",), "sum"),  # noqa: E501
    Figure("age_15_25", _("15 tot 25 jaar (aantal)"), Unit.COUNT, Topic.AGE, (), ("k_15Tot25Jaar",), "sum"),  # noqa: E501
    Figure("age_25_45", _("25 tot 45 jaar (aantal)"), Unit.COUNT, Topic.AGE, (), ("k_25Tot45Jaar",), "sum"),  # noqa: E501
    Figure("age_45_65", _("45 tot 65 jaar (aantal)"), Unit.COUNT, Topic.AGE, (), ("k_45Tot65Jaar",), "sum"),  # noqa: E501
    Figure("age_65_plus", _("65 jaar en ouder (aantal)"), Unit.COUNT, Topic.AGE, (), ("k_65JaarOfOuder",), "sum"),  # noqa: E501
    # Huishoudens
    Figure("households", _("Huishoudens"), Unit.COUNT, Topic.HOUSEHOLDS, ("aantal_huishoudens", "huishoudens"), ("HuishoudensTotaal",), "sum"),  # noqa: E501
    Figure("single_pct", _("Eenpersoonshuishoudens"), Unit.PERCENT, Topic.HOUSEHOLDS, ("percentage_eenpersoonshuishoudens",), (), "households"),  # noqa: E501
    Figure("couples_pct", _("Huishoudens zonder kinderen"), Unit.PERCENT, Topic.HOUSEHOLDS, ("percentage_huishoudens_zonder_kinderen",), (), "households"),  # noqa: E501
    Figure("families_pct", _("Huishoudens met kinderen"), Unit.PERCENT, Topic.HOUSEHOLDS, ("percentage_huishoudens_met_kinderen",), (), "households"),  # noqa: E501
    Figure("single", _("Eenpersoonshuishoudens (aantal)"), Unit.COUNT, Topic.HOUSEHOLDS, (), ("Eenpersoonshuishoudens",), "sum"),  # noqa: E501
    Figure("couples", _("Huishoudens zonder kinderen (aantal)"), Unit.COUNT, Topic.HOUSEHOLDS, (), ("HuishoudensZonderKinderen",), "sum"),  # noqa: E501
    Figure("families", _("Huishoudens met kinderen (aantal)"), Unit.COUNT, Topic.HOUSEHOLDS, (), ("HuishoudensMetKinderen",), "sum"),  # noqa: E501
    Figure("household_size", _("Gemiddelde huishoudensgrootte"), Unit.AVERAGE, Topic.HOUSEHOLDS, ("gemiddelde_huishoudsgrootte", "gemiddelde_huishoudensgrootte", "gem_huishouden_grootte"), ("GemiddeldeHuishoudensgrootte",), "households"),  # noqa: E501
    # Wonen
    Figure("dwellings", _("Woningen"), Unit.COUNT, Topic.HOUSING, ("woningvoorraad",), ("Woningvoorraad",), "sum"),  # noqa: E501
    Figure("home_value", _("Gemiddelde WOZ-waarde"), Unit.THOUSAND_EURO, Topic.HOUSING, ("gemiddelde_woningwaarde",), ("GemiddeldeWoningwaarde", "GemiddeldeWOZWaardeVanWoningen"), "dwellings"),  # noqa: E501
    Figure("owner_pct", _("Koopwoningen"), Unit.PERCENT, Topic.HOUSING, ("percentage_koopwoningen",), ("Koopwoningen",), "dwellings"),  # noqa: E501
    Figure("rented_pct", _("Huurwoningen"), Unit.PERCENT, Topic.HOUSING, ("percentage_huurwoningen",), ("HuurwoningenTotaal",), "dwellings"),  # noqa: E501
    Figure("corporation_pct", _("Huurwoningen van een corporatie"), Unit.PERCENT, Topic.HOUSING, ("perc_huurwoningen_in_bezit_woningcorporaties",), ("InBezitWoningcorporatie",), "dwellings"),  # noqa: E501
    Figure("single_family_pct", _("Eengezinswoningen"), Unit.PERCENT, Topic.HOUSING, ("percentage_eengezinswoning",), ("PercentageEengezinswoning",), "dwellings"),  # noqa: E501
    Figure("multi_family_pct", _("Meergezinswoningen (flats, portieken)"), Unit.PERCENT, Topic.HOUSING, ("percentage_meergezinswoning",), ("PercentageMeergezinswoning",), "dwellings"),  # noqa: E501
    Figure("built_since_2000_pct", _("Gebouwd vanaf 2000"), Unit.PERCENT, Topic.HOUSING, ("percentage_bouwjaarklasse_vanaf_2000",), ("BouwjaarVanaf2000",), "dwellings"),  # noqa: E501
    # Inkomen
    Figure("income_per_inhabitant", _("Gemiddeld inkomen per inwoner"), Unit.THOUSAND_EURO, Topic.INCOME, ("gemiddeld_inkomen_per_inwoner",), ("GemiddeldInkomenPerInwoner",), "inhabitants"),  # noqa: E501
    Figure("income_per_earner", _("Gemiddeld inkomen per inkomensontvanger"), Unit.THOUSAND_EURO, Topic.INCOME, ("gemiddeld_inkomen_per_inkomensontvanger",), ("GemiddeldInkomenPerInkomensontvanger",)),  # noqa: E501
    Figure("low_income_households_pct", _("Huishoudens met een laag inkomen"), Unit.PERCENT, Topic.INCOME, ("percentage_huishoudens_met_laag_inkomen",), ("HuishoudensMetEenLaagInkomen", "HuishoudensMetLaagInkomen"), "households"),  # noqa: E501
    Figure("social_minimum_pct", _("Huishoudens onder of rond het sociaal minimum"), Unit.PERCENT, Topic.INCOME, ("percentage_huishoudens_onder_of_rond_sociaal_minimum",), ("HuishOnderOfRondSociaalMinimum",), "households"),  # noqa: E501
    # Herkomst
    Figure("western_pct", _("Westerse migratieachtergrond"), Unit.PERCENT, Topic.BACKGROUND, ("percentage_westerse_migratieachtergrond",), (), "inhabitants"),  # noqa: E501
    Figure("non_western_pct", _("Niet-westerse migratieachtergrond"), Unit.PERCENT, Topic.BACKGROUND, ("percentage_niet_westerse_migratieachtergrond",), (), "inhabitants"),  # noqa: E501
    # Bedrijvigheid en vervoer
    Figure("businesses", _("Bedrijfsvestigingen"), Unit.COUNT, Topic.ECONOMY, ("aantal_bedrijfsvestigingen",), ("BedrijfsvestigingenTotaal",), "sum"),  # noqa: E501
    Figure("cars", _("Personenauto's"), Unit.COUNT, Topic.ECONOMY, ("personenautos_totaal", "personenautos"), ("PersonenautoSTotaal",), "sum"),  # noqa: E501
    Figure("cars_per_household", _("Personenauto's per huishouden"), Unit.AVERAGE, Topic.ECONOMY, ("personenautos_per_huishouden",), ("PersonenautoSPerHuishouden",), "households"),  # noqa: E501
    # Energie
    Figure("electricity", _("Gemiddeld elektriciteitsverbruik per woning"), Unit.KWH, Topic.ENERGY, ("gemiddeld_electriciteitsverbruik_totaal", "gemiddeld_elektriciteitsverbruik_totaal"), ("GemiddeldElektriciteitsverbruikTotaal", "GemiddeldeElektriciteitsleveringTotaal"), "dwellings"),  # noqa: E501
    Figure("gas", _("Gemiddeld aardgasverbruik per woning"), Unit.M3, Topic.ENERGY, ("gemiddeld_gasverbruik_totaal",), ("GemiddeldAardgasverbruikTotaal",), "dwellings"),  # noqa: E501
    # Oppervlakte
    Figure("land_area", _("Oppervlakte land"), Unit.HECTARE, Topic.SPACE, ("oppervlakte_land_in_ha",), ("OppervlakteLand",), "sum"),  # noqa: E501
)  # fmt: skip

BY_KEY: dict[str, Figure] = {figure.key: figure for figure in FIGURES}
BY_NAME: dict[str, Figure] = {name: f for f in FIGURES for name in f.names}
BY_STEM: dict[str, Figure] = {stem.lower(): f for f in FIGURES for stem in f.stems}

# CBS's CSV publishes these groups as counts in some years and as percentages in others (the
# unit is in the table's metadata, not in the CSV). A file's rows tell which: the parts add up
# to the base figure when they are counts, to about 100 when they are percentages.
# (count keys, percentage keys, base key). Migration background is not read from CBS's CSV
# for that reason: its parts do not add up to anything, so its unit cannot be told.
SHARE_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("age_0_15", "age_15_25", "age_25_45", "age_45_65", "age_65_plus"),
        ("age_0_15_pct", "age_15_25_pct", "age_25_45_pct", "age_45_65_pct", "age_65_plus_pct"),
        "inhabitants",
    ),
    (
        ("single", "couples", "families"),
        ("single_pct", "couples_pct", "families_pct"),
        "households",
    ),
)

# The figures a file must carry for the import to make sense at all.
REQUIRED_KEYS = ("inhabitants",)
