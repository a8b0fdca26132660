import pytest

from tests.assets.helpers import set_boundaries


@pytest.fixture
def bounded(areas):
    """The test area tree with square boundaries (see helpers.py)."""
    set_boundaries(areas)
    return areas
