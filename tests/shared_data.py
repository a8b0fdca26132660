"""Where the real data sets of ../shared/data are (Pol.is exports, CBS geography).

They sit beside the repository (`../shared/data`, see its licence and attribution there);
a clone elsewhere points OPBOUW_SHARED_DATA at that folder. Tests that need them fail with
this path in the message rather than skip.
"""

import os
from pathlib import Path

SHARED_DATA = Path(
    os.environ.get("OPBOUW_SHARED_DATA")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)
POLIS_DATA = SHARED_DATA / "polis"
SHARED_GEO = SHARED_DATA / "geo"
