"""The naive baseline for bench/bench_map.py — NOT the product. Same filters and same data, but built the
obvious way: raw (unsimplified) boundaries, folium.GeoJson + GeoJsonTooltip + one folium.Marker per label,
the whole map rebuilt on every rerun and handed to a plain st_folium call (no feature_group_to_add).

Assets are still served locally (geo.assets), otherwise the offline frame would stay empty and there would be
nothing to time. Run by the bench with the project root on PYTHONPATH.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import folium
import streamlit as st
from folium.features import DivIcon
from streamlit_folium import st_folium

from geo import paths
from geo.boundaries import build as boundaries
from geo.render.web.assets import localize_assets
from geo.selection.classes import classify
from geo.selection.filters import place_counts, select
from ui.filters_panel import render_filters, render_language
from ui.page import load_data_or_stop

st.set_page_config(layout="wide")
lang = render_language()
measures, gaz = load_data_or_stop(lang)
filters = render_filters(measures, gaz, lang)
selection = select(measures, filters, gaz)
counts = place_counts(selection, gaz, include_groups=filters.include_groups)
classes = classify(counts)

raw_cities = json.loads(Path(boundaries.RAW_CITIES).read_text(encoding="utf-8"))
raw_context = json.loads(Path(boundaries.RAW_PROVINCES).read_text(encoding="utf-8"))
by_adcode = {p.extra.get("adcode"): p for p in gaz if p.extra.get("adcode")}
for f in raw_cities["features"]:
    props = f["properties"]
    place = by_adcode.get(props.get("city_adcode") or props.get("province_adcode"))
    pid = place.id if place else str(props.get("city_adcode"))
    n = counts.get(pid, 0)
    props.update(place=pid, count=n, tip=html.escape(f"{place.name(lang) if place else pid}: {n}"))

m = folium.Map(location=[23.3, 113.4], zoom_start=7, tiles=None)
localize_assets(m)
folium.GeoJson(raw_context, style_function=lambda _f: {"color": "#bbb", "weight": 1, "fillColor": "#eee"}).add_to(m)
folium.GeoJson(
    raw_cities,
    style_function=lambda f: {
        "fillColor": classes.colour(f["properties"]["count"]),
        "fillOpacity": 0.85,
        "color": "#777",
        "weight": 1,
    },
    tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
).add_to(m)
for f in raw_cities["features"]:
    p = f["properties"]
    if p.get("lat") is not None:
        folium.Marker(
            [p["lat"], p["lon"]],
            icon=DivIcon(html=f"<div>{html.escape(p.get('short_name', ''))}</div>"),
            interactive=False,
        ).add_to(m)
localize_assets(m)
st_folium(m, height=620, use_container_width=True, returned_objects=["last_active_drawing"])
st.caption(f"naive baseline · {len(selection)} measures · {paths.BOUNDARIES}")
