"""The built layers, indexed by place id, shared by the boundary tests."""

from __future__ import annotations

import geopandas as gpd
import pytest

from geo import boundaries


@pytest.fixture(scope="module")
def cities() -> gpd.GeoDataFrame:
    return boundaries.load_layer("cities").set_index("place", drop=False)


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    return boundaries.load_layer("zones").set_index("place", drop=False)
