"""Short place names for labels (广州, 香港, 横琴 …), shared by the map and the briefing deck. No folium here:
building a slide deck must not load the web map."""

from __future__ import annotations

from geo.i18n import localize
from geo.places.gazetteer import Place


def label_name(place: Place, lang: str) -> str:
    """The short name drawn on the map: 广州 (not 广州市), 香港, 横琴 …; full names stay in tooltips."""
    name = place.name(lang)
    if lang == "en":
        if place.kind == "zone":
            # "Hetao Shenzhen-Hong Kong Science and … Zone" → "Hetao": the word of the official name that is the
            # zone's own (pinyin) id, as the common name is in Chinese (河套, 横琴 …).
            own = [w for w in name.replace(",", " ").split() if w.lower() == place.id.replace("-", "")]
            if own:
                return own[0]
        return name
    for suffix in ("特别行政区", "特別行政區", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    if place.kind == "zone":
        # Zones have long official names; the shortest alias found inside the name is the common one (横琴, 南沙).
        short = [a for a in place.aliases if a in place.name_zh and len(a) >= 2]
        if short:
            return localize(min(short, key=len), lang)
    return name
