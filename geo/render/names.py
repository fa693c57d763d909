"""The one place-name shortener: the name drawn on the screen map, the briefing and the print figures.

广州 (not 广州市), 香港, 横琴 (not 横琴粤澳深度合作区), Hetao (not "Hetao Shenzhen-Hong Kong …"); full names stay in
tooltips and legends. A print label must be short at every scale, so a zone always takes its common short name.
"""

from __future__ import annotations

from geo.i18n import localize
from geo.places.gazetteer import Place

SUFFIXES = ("特别行政区", "特別行政區", "市")


def short_name(place: Place, lang: str = "zh") -> str:
    name = place.name(lang)
    if lang == "en":
        if place.kind == "zone":
            # The word of the official name that is the zone's own (pinyin) id, as the common name is in Chinese
            # (河套, 横琴 …); the title-cased id when the official name does not contain it.
            own = [w for w in name.replace(",", " ").split() if w.lower() == place.id.replace("-", "")]
            return own[0] if own else place.id.replace("-", " ").title()
        return name
    if place.kind == "zone":
        # Zones have long official names; the shortest alias found inside the name is the common one (横琴, 南沙).
        inner = [a for a in place.aliases if 1 < len(a) < len(place.name_zh) and a in place.name_zh]
        if inner:
            return localize(min(inner, key=len), lang)
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
