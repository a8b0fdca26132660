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


SCALES = {
    "small": Scale("small", people=400, entries=3_000, whole_municipality=False, bulk=False),
    "large": Scale("large", people=100_000, entries=1_000_000, whole_municipality=True, bulk=True),
}
