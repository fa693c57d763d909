"""A light's look (shape, word, colour) and a status's word, in the UI language: what every progress view shows
(map, cards, popups, briefing, department page, report), read from data/progress.json."""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import localize
from geo.progress.rules import ProgressRules, load_rules


@dataclass(frozen=True)
class LightLook:
    light: str
    colour: str
    shape: str  # ● ▲ ■: a light is never told by hue alone
    label: str  # 正常 预警 逾期, in the UI language


def light_look(light: str, lang: str, rules: ProgressRules | None = None) -> LightLook:
    look = (rules or load_rules()).lights.looks[light]
    label = look.get("en", look["label"]) if lang == "en" else localize(look["label"], lang)
    return LightLook(light, look["colour"], look["shape"], label)


def light_looks(lang: str, rules: ProgressRules | None = None) -> dict[str, LightLook]:
    """Every light's look, in the rules' order (green, yellow, red)."""
    rules = rules or load_rules()
    return {light: light_look(light, lang, rules) for light in rules.lights.order}


def status_label(status: str | None, lang: str, rules: ProgressRules | None = None) -> str:
    """A status (未启动 …) in the UI language (English from data/progress.json); '' for no status."""
    if not status:
        return ""
    found = (rules or load_rules()).status(status)
    return found.en if found is not None and lang == "en" else localize(status, lang)
