"""HTML for the measure list beside the map: 序号, theme, text with the place evidence marked, departments, places.

Every value is escaped piece by piece (geo.render.web.markup.escape); only the fixed tags below are markup.
"""

from __future__ import annotations

from geo.dataset import Measure
from geo.i18n import localize, t
from geo.memo import IdentityMemo
from geo.places.gazetteer import Gazetteer
from geo.places.textmarks import evidence_spans
from geo.progress.status import MeasureStatus
from geo.render.style import map_variables
from geo.render.web.assets import stylesheet, variables_style
from geo.render.web.markup import escape as esc
from geo.render.web.progress_layer import facts_html
from geo.render.web.progress_view import light_css_variables
from geo.selection.search import hit_spans
from geo.selection.search import rules as search_rules

LIST_LIMIT = 150  # cards drawn at once (the page stays light with thousands of measures)

# The cards' styles, for st.markdown / st.html; the selected card's edge is the map's highlight colour.
CSS = variables_style(map_variables()) + stylesheet("pages/cards.css")
# The progress lines (light with shape and label, status, last report, next milestone): colours from the rules file.
PROGRESS_CSS = variables_style(light_css_variables()) + stylesheet("map/progress.css")


def marked_text_html(measure: Measure, lang: str, query: str = "") -> str:
    """The measure text, escaped, with each place evidence in <mark> and each search hit in <mark class="kw">."""
    text = measure.get("text", "")
    evidences = [tag.get("evidence", "") for tag in measure.get("places", [])]
    hits = hit_spans(text, query) if query.strip() else []
    # Cut at every edge of an evidence or a hit; a piece inside a hit is marked as a hit (what was searched for).
    ev_spans = evidence_spans(text, evidences)
    edges = sorted({0, len(text), *(x for span in ev_spans + hits for x in span)})
    parts = []
    for start, end in zip(edges, edges[1:], strict=False):
        shown = esc(localize(text[start:end], lang))
        if any(s <= start and end <= e for s, e in hits):
            parts.append(f'<mark class="kw">{shown}</mark>')
        elif any(s <= start and end <= e for s, e in ev_spans):
            parts.append(f"<mark>{shown}</mark>")
        else:
            parts.append(shown)
    return "".join(parts)


def place_names(measure: Measure, gazetteer: Gazetteer, lang: str) -> list[str]:
    seen: dict[str, None] = {}
    for tag in measure.get("places", []):
        pid = tag.get("place")
        seen.setdefault(gazetteer[pid].name(lang) if pid in gazetteer else str(pid), None)
    return list(seen)


# Cards per (measure record, gazetteer, progress status) and (language, selected, query): the records and statuses
# come from the app's caches and never change, so a card drawn on one rerun is drawn the same on the next.
_CARDS = IdentityMemo(4 * LIST_LIMIT * 3)


def card_html(
    measure: Measure,
    gazetteer: Gazetteer,
    lang: str,
    selected: bool = False,
    query: str = "",
    progress: MeasureStatus | None = None,
) -> str:
    """One card; with PROGRESS (the progress view), its light, status, last report and next milestone too.
    Made once per card (the search rules are part of the key when there is a query)."""
    held = (measure, gazetteer, progress, search_rules() if query.strip() else None)
    return _CARDS.get(held, (lang, selected, query), lambda: _card(measure, gazetteer, lang, selected, query, progress))


def _card(
    measure: Measure, gazetteer: Gazetteer, lang: str, selected: bool, query: str, progress: MeasureStatus | None
) -> str:
    sep = t("list_sep", lang)
    places = place_names(measure, gazetteer, lang)
    lead = sep.join(localize(d, lang) for d in measure.get("departments", []))
    co = sep.join(localize(d, lang) for d in measure.get("co_departments", []))
    # Lead and co-operating units on their own lines where the data tells them apart.
    meta = f"{esc(t('col_departments', lang))}{esc(t('colon', lang))}{esc(lead)}<br>"
    if co:
        meta += f"{esc(t('col_co_departments', lang))}{esc(t('colon', lang))}{esc(co)}<br>"
    meta += (
        f"{esc(t('col_places', lang))}{esc(t('colon', lang))}"
        f"{esc(sep.join(places)) if places else esc(t('no_places', lang))}"
    )
    classes = "dba-card" + (" sel" if selected else "") + (f" prog-{progress.light}" if progress else "")
    return (
        f'<div class="{esc(classes)}" data-measure="{esc(measure.get("id"))}">'
        f'<div class="hd"><span class="no">{esc(t("col_id", lang))} {esc(measure.get("id"))}</span>'
        f'<span class="th">{esc(localize(measure.get("theme_short", ""), lang))}</span></div>'
        f'<div class="tx">{marked_text_html(measure, lang, query)}</div>'
        f'<div class="meta">{meta}</div>{facts_html(progress, lang) if progress else ""}</div>'
    )


def list_html(
    measures: list[Measure],
    gazetteer: Gazetteer,
    lang: str,
    selected_id: object = None,
    limit: int = LIST_LIMIT,
    query: str = "",
    container_class: str = "dba-list",
    with_css: bool = True,
    progress: dict[int, MeasureStatus] | None = None,
) -> str:
    """The cards; PROGRESS (measure number -> status on the as-of date) adds each card's progress lines."""
    found = progress or {}
    cards = [
        card_html(m, gazetteer, lang, m.get("id") == selected_id, query, found.get(m.get("id")))
        for m in measures[:limit]
    ]
    css = (CSS + PROGRESS_CSS if progress is not None else CSS) if with_css else ""
    return css + f'<div class="{esc(container_class)}">' + "".join(cards) + "</div>"
