"""The browser assets a folium map needs, served by the app itself or inlined — never fetched from a CDN.

folium 0.20 points Leaflet, jQuery, Bootstrap and its plugins at CDNs; offline the map frame stays empty.
The files are vendored under static/vendor/ (versions and licences in static/vendor/README.md); the project's
own JS and CSS live beside them (static/map/, static/briefing/, static/export/) and are declared the same way,
as folium plugins do (`default_js`/`default_css` of a JSCSSMixin element, see `Assets`). This module is the one
list of "which asset, which local file":

- mode "served": the app (Streamlit static serving, `server.enableStaticServing`) serves static/ at /app/static/,
  so the map's default_js/default_css are rewritten to those URLs;
- mode "inline": a standalone HTML export embeds the file contents, so it works with no server and no network.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo import paths

STATIC = paths.STATIC
VENDOR = STATIC / "vendor"
SERVED_PREFIX = "/app/static/"

# asset name -> file under static/. Bootstrap and the awesome-markers/glyphicon assets are deliberately
# absent: nothing on our maps uses folium.Icon, so they are dropped instead of vendored.
JS_ASSETS: dict[str, str] = {
    "leaflet": "vendor/leaflet-1.9.3/leaflet.js",
    "jquery": "vendor/jquery-3.7.1/jquery.min.js",
    "Control.Fullscreen.js": "vendor/leaflet.fullscreen-3.0.0/Control.FullScreen.js",
    # the project's own (after Leaflet: folium renders the map's links before its children's)
    "dba_map_js": "map/map.js",
    "dba_labels_js": "map/labels.js",
    "dba_briefing_js": "briefing/frame.js",
    "dba_export_popups_js": "export/popups.js",
    "dba_progress_js": "map/progress.js",  # the map's progress view (f-map)
}
CSS_ASSETS: dict[str, str] = {
    "leaflet_css": "vendor/leaflet-1.9.3/leaflet.css",
    "Control.FullScreen.css": "vendor/leaflet.fullscreen-3.0.0/Control.FullScreen.css",
    "dba_map_css": "map/map.css",
    "dba_briefing_css": "briefing/frame.css",
    "dba_briefing_dark_css": "briefing/frame-dark.css",
    "dba_export_css": "export/page.css",
    "dba_progress_css": "map/progress.css",  # the map's progress view (f-map)
}
# Assets folium lists that we drop (they only style folium.Icon markers and Bootstrap popups we do not use).
DROPPED = {
    "bootstrap",
    "bootstrap_css",
    "awesome_markers",
    "awesome_markers_css",
    "awesome_rotate_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "font_awesome_css",
}
LEAFLET_IMAGES = "vendor/leaflet-1.9.3/images/"


class UnknownAssetError(ValueError):
    """A map element wants a JS/CSS asset that is not vendored: fail loudly rather than load it from a CDN."""


def _iter_elements(root):
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _iter_elements(child)


def _local(name: str, table: dict[str, str], url: str) -> str | None:
    if name in table:
        return table[name]
    if name in DROPPED:
        return None
    raise UnknownAssetError(f"asset {name!r} ({url}) is not vendored under static/")


def served(names: list[str], table: dict[str, str]) -> list[tuple[str, str]]:
    """(name, /app/static/… URL) pairs for a default_js/default_css list."""
    return [(name, SERVED_PREFIX + table[name]) for name in names]


class Assets(JSCSSMixin):
    """Declares the project's own JS/CSS files for a map (folium's plugin pattern), optionally with CSS variables.

    Served at /app/static/… by the app (streamlit-folium loads every default_js/default_css of the map's
    elements) and inlined by localize_assets(mode="inline") in a standalone export. `variables`: declarations
    (`--map-zone: #…; …`, from geo.render.style) set on :root, so the CSS files take their colours from the one
    style source.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}{% if this.variables %}<style>:root { {{ this.variables }} }</style>"
        "{% endif %}{% endmacro %}"
    )

    def __init__(self, name: str, js: list[str] = (), css: list[str] = (), variables: str = ""):
        super().__init__()
        self._name = name
        # Instance lists: folium's class-level lists are shared by every element of the class.
        self.default_js = served(list(js), JS_ASSETS)
        self.default_css = served(list(css), CSS_ASSETS)
        self.variables = variables


def localize_assets(m: folium.Map, mode: str = "served") -> folium.Map:
    """Point every JS/CSS asset of the map (and of its elements) at the vendored files; returns the map.

    mode="served": /app/static/... URLs (the running app). mode="inline": the files' contents are
    embedded in the page header (standalone HTML), and the CDN links are removed.
    """
    if mode not in ("served", "inline"):
        raise ValueError(f"mode must be 'served' or 'inline', not {mode!r}")
    inline_js: list[str] = []
    inline_css: list[str] = []
    for el in _iter_elements(m):
        for attr, table, bucket in (("default_js", JS_ASSETS, inline_js), ("default_css", CSS_ASSETS, inline_css)):
            items = getattr(el, attr, None)
            if not items:
                continue
            new: list[tuple[str, str]] = []
            for name, url in items:
                rel = _local(name, table, url)
                if rel is None:
                    continue
                if mode == "served":
                    new.append((name, SERVED_PREFIX + rel))
                elif rel not in bucket:
                    bucket.append(rel)
            # Instance attribute: the class default (folium's CDN list) stays untouched for other maps.
            setattr(el, attr, new)
    images = SERVED_PREFIX + LEAFLET_IMAGES if mode == "served" else None
    if mode == "inline":
        _inline_into_header(m, inline_js, inline_css)
    _set_icon_path(m, images)
    return m


def _set_icon_path(m: folium.Map, images_url: str | None) -> None:
    """Leaflet guesses the default marker icon path from the leaflet.css URL and gets it wrong when self-hosted."""
    if images_url is None:
        # Inline: the default icon PNGs as data URIs, so even a stray default marker needs no network.
        urls = {
            k: _data_uri(LEAFLET_IMAGES + f, "image/png")
            for k, f in (
                ("iconUrl", "marker-icon.png"),
                ("iconRetinaUrl", "marker-icon-2x.png"),
                ("shadowUrl", "marker-shadow.png"),
            )
        }
        js = "L.Icon.Default.mergeOptions(" + json.dumps(urls) + ");"
    else:
        js = f'L.Icon.Default.imagePath = "{images_url}";'
    # A map child, so it runs in the map script (after leaflet.js, in both the app and a standalone page) and
    # before markers added later; localize_assets is called right after the map is created.
    icon = MacroElement()
    icon._name = "IconPath"
    icon._template = Template("{% macro script(this, kwargs) %}" + js + "{% endmacro %}")
    m.add_child(icon, name="dba_icon_path")


@lru_cache(maxsize=32)
def _read(rel: str) -> str:
    return (STATIC / rel).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _data_uri(rel: str, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode((STATIC / rel).read_bytes()).decode("ascii")


def _css_with_inlined_urls(rel: str) -> str:
    """A CSS file with its relative url(...) references (icons) turned into data URIs."""
    base = rel.rsplit("/", 1)[0] + "/"
    mimes = {"png": "image/png", "svg": "image/svg+xml"}

    def repl(match: re.Match) -> str:
        target = match.group(1).strip("'\"")
        if target.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        ext = target.rsplit(".", 1)[-1].lower()
        if ext not in mimes or not (STATIC / (base + target)).exists():
            return match.group(0)
        return f"url({_data_uri(base + target, mimes[ext])})"

    return re.sub(r"url\(([^)]+)\)", repl, _read(rel))


def _safe_script(text: str) -> str:
    # A literal "</script" inside inlined JS would end the element early.
    return text.replace("</script", "<\\/script")


def _inline_into_header(m: folium.Map, js: list[str], css: list[str]) -> None:
    root = m.get_root()
    if not isinstance(root, Figure):
        return
    parts = [f"<style>{_css_with_inlined_urls(rel)}</style>" for rel in css]
    parts += [f"<script>{_safe_script(_read(rel))}</script>" for rel in js]
    # Added first in the header so Leaflet exists before the map script and the icon-path script run.
    root.header.add_child(Element("\n".join(parts)), name="dba_inline_assets", index=0)


def asset_files() -> list[str]:
    """Every file under static/ the asset tables refer to (tests check they exist)."""
    return sorted(set(JS_ASSETS.values()) | set(CSS_ASSETS.values()))


def stylesheet(rel: str) -> str:
    """A CSS file under static/ as a <style> element, for a Streamlit page (st.html / st.markdown take no links)."""
    return f"<style>\n{_read(rel)}</style>\n"


def variables_style(declarations: str) -> str:
    """CSS variables (from geo.render.style) on :root, as a <style> element for a Streamlit page."""
    return "<style>:root { " + declarations + " }</style>\n"


def script_text(rel: str) -> str:
    """A JS file under static/, safe to sit inside a <script> element of a Streamlit page."""
    return _safe_script(_read(rel))
