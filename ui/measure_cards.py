"""HTML for the measure list beside the map: 序号, theme, text with the place evidence marked, departments, places.

Every value is escaped piece by piece (geo.render.web.markup.escape); only the fixed tags below are markup.
"""

from __future__ import annotations

from geo.dataset import Measure
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.places.textmarks import mark_segments
from geo.render.style import map_variables
from geo.render.web.assets import stylesheet, variables_style
from geo.render.web.markup import escape as esc

LIST_LIMIT = 150  # cards drawn at once (the page stays light with thousands of measures)

# The cards' styles, for st.markdown / st.html; the selected card's edge is the map's highlight colour.
CSS = variables_style(map_variables()) + stylesheet("pages/cards.css")


def marked_text_html(measure: Measure, lang: str) -> str:
    """The measure text, escaped, with each place evidence wrapped in <mark>."""
    evidences = [tag.get("evidence", "") for tag in measure.get("places", [])]
    parts = []
    for piece, is_ev in mark_segments(measure.get("text", ""), evidences):
        shown = esc(localize(piece, lang))
        parts.append(f"<mark>{shown}</mark>" if is_ev else shown)
    return "".join(parts)


def place_names(measure: Measure, gazetteer: Gazetteer, lang: str) -> list[str]:
    seen: dict[str, None] = {}
    for tag in measure.get("places", []):
        pid = tag.get("place")
        seen.setdefault(gazetteer[pid].name(lang) if pid in gazetteer else str(pid), None)
    return list(seen)


def card_html(measure: Measure, gazetteer: Gazetteer, lang: str, selected: bool = False) -> str:
    sep = t("list_sep", lang)
    places = place_names(measure, gazetteer, lang)
    depts = sep.join(localize(d, lang) for d in measure.get("departments", []))
    meta = (
        f"{esc(t('col_departments', lang))}{esc(t('colon', lang))}{esc(depts)}<br>"
        f"{esc(t('col_places', lang))}{esc(t('colon', lang))}"
        f"{esc(sep.join(places)) if places else esc(t('no_places', lang))}"
    )
    return (
        f'<div class="dba-card{" sel" if selected else ""}" data-measure="{esc(measure.get("id"))}">'
        f'<div class="hd"><span class="no">{esc(t("col_id", lang))} {esc(measure.get("id"))}</span>'
        f'<span class="th">{esc(localize(measure.get("theme_short", ""), lang))}</span></div>'
        f'<div class="tx">{marked_text_html(measure, lang)}</div>'
        f'<div class="meta">{meta}</div></div>'
    )


def list_html(
    measures: list[Measure], gazetteer: Gazetteer, lang: str, selected_id: object = None, limit: int = LIST_LIMIT
) -> str:
    cards = [card_html(m, gazetteer, lang, m.get("id") == selected_id) for m in measures[:limit]]
    return CSS + '<div class="dba-list">' + "".join(cards) + "</div>"
