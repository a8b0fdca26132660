"""Helpers shared by the asset and initiative tests: boundaries, assets, logged-in clients."""

from pathlib import Path

from django.test import Client

from opbouw.assets.models import Asset
from tests.shared_data import SHARED_GEO  # noqa: F401 (the asset tests import it from here)

DATA = Path(__file__).parent / "data"
DEMO_DATA = Path(__file__).resolve().parents[2] / "opbouw" / "demo" / "data"

# Two buurten side by side in the own wijk, the other wijk's buurt further east.
#   buurt  (Berflo Es Noord): lon 6.78–6.79, lat 52.26–52.27
#   buurt2 (Berflo Es Zuid):  lon 6.79–6.80, lat 52.26–52.27
#   wijk   (Berflo Es):       lon 6.78–6.80, lat 52.26–52.27
#   other_buurt:              lon 6.81–6.82, lat 52.26–52.27
IN_BUURT = (52.265, 6.785)
IN_BUURT2 = (52.265, 6.795)
OUTSIDE = (52.30, 6.70)
IN_OTHER = (52.265, 6.815)


def square(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def set_boundaries(areas) -> None:
    for area, box in [
        (areas.buurt, (6.78, 52.26, 6.79, 52.27)),
        (areas.buurt2, (6.79, 52.26, 6.80, 52.27)),
        (areas.wijk, (6.78, 52.26, 6.80, 52.27)),
        (areas.other_buurt, (6.81, 52.26, 6.82, 52.27)),
        (areas.other_wijk, (6.81, 52.26, 6.82, 52.27)),
    ]:
        area.boundary = square(*box)
        area.save()


def make_asset(area, *, name="Bakfiets", kind="thing", at=IN_BUURT, created_by=None) -> Asset:
    return Asset.objects.create(
        kind=kind, name=name, area=area, latitude=at[0], longitude=at[1], created_by=created_by
    )


def login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
