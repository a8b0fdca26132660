"""What a demo looks like at each scale, and the constants every seeding module shares."""

from dataclasses import dataclass

MUNICIPALITY_CODE = "GM0164"  # Hengelo (O.)
DEMO_DISTRICT_CODE = "WK016405"  # Berflo Es: the wijk the small demo lives in
# Demo only: every demo account gets this password, printed at the end of the seed.
DEMO_PASSWORD = "opbouw-demo"  # noqa: S105
# The journal covers two years that end on the anchor date (today, when the seed runs).
JOURNAL_DAYS = 730


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    entries: int
    # small: only the demo wijk gets people and a journal; large: every buurt.
    whole_municipality: bool
    # large loads through bulk inserts; small goes through the services, like the UI.
    bulk: bool


# Hengelo had 81,000 to 83,000 inhabitants in recent years (CBS); a demo never registers more
# people than live in the municipality, and a welfare organisation knows a fraction by name.
MUNICIPALITY_INHABITANTS = 83_000
SCALES = {
    "small": Scale("small", people=400, entries=3_000, whole_municipality=False, bulk=False),
    # About a quarter of the inhabitants: the upper end of what a welfare organisation that
    # has worked in every buurt for years might know by name; still a load test for the pages.
    "large": Scale("large", people=20_000, entries=1_000_000, whole_municipality=True, bulk=True),
}
