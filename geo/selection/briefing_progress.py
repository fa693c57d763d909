"""The briefing's progress slides (进展): what a leader's big screen shows about reported progress on an as-of date.

Built from a status snapshot (geo.progress.status) of the plan the deck shows, restricted to the deck's selection
(the briefing's filters apply to progress too). The slides, after the plan slides, in this order:
- cover: 截至 YYYY年M月D日, the reporting period;
- 进展总览: measures per light and per status, each with the change since the end of the previous period (a snapshot
  taken at that day, so the change is what was learnt since, never rewritten by later reports);
- progress by theme: per theme its measures per light, completed and completion rate (pages of THEME_ROWS);
- 滞后事项: the red measures with their lead department, due date and why (pages of RED_ROWS, so a long list never
  overflows a slide);
- by region: cities, SARs and zones coloured by the worst light of the measures that concern them (the same region
  rule as the map's region filter); region-wide measures are counted for their group, as on the plan slides.

Lights are always shown as shape + label (● 正常 ▲ 预警 ■ 逾期), never hue alone. Sample reports in the snapshot put
the 示例数据 mark on every slide of the deck (Slide.sample, set by with_progress).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from geo.dataset import Measure, theme_order
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.progress import looks
from geo.progress.looks import LightLook, light_looks  # noqa: F401 (the deck's callers read them here)
from geo.progress.periods import period_of
from geo.progress.rules import ProgressRules, load_rules
from geo.progress.status import MeasureStatus, Snapshot
from geo.render.extent import Bounds
from geo.render.names import short_name
from geo.selection.briefing import Slide, _region_wide, default_extents, department_label, place_bounds, short_text
from geo.selection.filters import region_matches

RED_ROWS = 10  # red measures per 滞后事项 slide: one line each at 1.5u, with the header, fits 1080 and 2160 alike
RED_ROWS_EN = 5  # in English a department's name or the reason can take two lines of its column
# A lead department's name on the red list: CJK short names fit one line; an English name gets a wider column
# (static/briefing/page.css .dba-red-wide) and two lines of it, cut at a word.
LEAD_CHARS = {"en": 56}
RED_TEXT_CHARS_WIDE = 20  # the measure's short form beside the wider English department column
THEME_ROWS = 10  # themes per slide (the seed plan has 9)
REGION_ROWS = 11  # places listed in the side panel of the region slide (worst first); the map shows them all
RED_TEXT_CHARS = 26  # a red measure's short form: one line of its column at 16:9
REGION_GROUPS = 3  # region-wide groups listed under the places (most measures first)
REGION_KINDS = ("city", "sar", "zone")  # what the region slide colours (facilities and groups are not areas)
KEY_PREFIX = "progress:"


def status_label(name: str, lang: str, rules: ProgressRules | None = None) -> str:
    """A status (未启动 …) in the UI language; "" (no report yet) reads 未报送."""
    return looks.status_label(name, lang, rules) if name else t("progress_no_report", lang)


def as_of_text(day: dt.date, lang: str) -> str:
    """截至 2026年11月20日 (the cover's line; the same words on every progress slide's kicker)."""
    return t("progress_as_of", lang).format(y=day.year, m=day.month, d=day.day, iso=day.isoformat())


def previous_period_end(as_of: dt.date, cycle: str | None) -> dt.date | None:
    """The last day of the period before the one holding AS_OF: the base of "change since the last period"."""
    if not cycle:
        return None
    return period_of(as_of, cycle).start - dt.timedelta(days=1)


def restrict(snap: Snapshot, measure_ids: set[int]) -> Snapshot:
    """The snapshot of the deck's selection only (its roll-ups and counts then follow the briefing's filters)."""
    return dataclasses.replace(
        snap,
        measures={n: m for n, m in snap.measures.items() if n in measure_ids},
        assignments=[a for a in snap.assignments if a.measure in measure_ids],
        has_sample=any(m.sample for n, m in snap.measures.items() if n in measure_ids),
    )


def pages(rows: list, per_page: int) -> list[list]:
    """Rows cut into slides of at most PER_PAGE (at least one page, so an empty list still gets its slide)."""
    return [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]


def _lead(status: MeasureStatus, lang: str) -> str:
    leads = [a.department for a in status.departments if a.role == "lead"] or [a.department for a in status.departments]
    return department_label(leads[0], lang) if leads else ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip_words(text: str, limit: int) -> str:
    """Cut at a word boundary when the text has spaces (English), else at the limit ("Informat…" reads as a typo)."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,") + "…"


def _red_department(status: MeasureStatus) -> list:
    """The assignments that make the measure red (an overdue milestone or reports missing), lead ones first."""
    reds = [a for a in status.departments if a.light == "red"]
    return sorted(reds, key=lambda a: a.role != "lead")


def red_rows(snap: Snapshot, records: Mapping[int, Measure], lang: str) -> list[dict]:
    """滞后事项: every red measure, most overdue first (earliest due date), then source order. Each row: measure
    number, its short text, the lead department (short name), the due date (the overdue milestone, else the next
    one) and why it is red."""
    rows = []
    for number, status in snap.measures.items():
        if status.light != "red":
            continue
        culprits = _red_department(status)
        reasons = dict.fromkeys(r for a in culprits for r in a.reasons if r in ("milestone_overdue", "reports_missing"))
        due = status.next_milestone.due_on if status.next_milestone else ""
        text = records[number]["text"] if number in records else ""
        rows.append(
            {
                "measure": number,
                "text": short_text(localize(text, lang), RED_TEXT_CHARS_WIDE if lang in LEAD_CHARS else RED_TEXT_CHARS),
                "department": _clip_words(_lead(status, lang), LEAD_CHARS.get(lang, 24)),
                "due": due,
                "reason": t("list_sep", lang).join(t(f"progress_reason_{r}", lang) for r in reasons),
            }
        )
    order = {n: i for i, n in enumerate(records)}
    rows.sort(key=lambda r: (r["due"] or "9999", order.get(r["measure"], r["measure"])))
    return rows


def _counts(mapping: Mapping[str, int], keys: list[str]) -> list[int]:
    return [int(mapping.get(k, 0)) for k in keys]


def region_lights(
    snap: Snapshot, records: Mapping[int, Measure], gazetteer: Gazetteer, rules: ProgressRules | None = None
) -> dict[str, dict]:
    """Per city, SAR and zone: the worst light and the light counts of the measures concerning it (a measure for a
    zone counts for its city too; region-wide measures do not: they are counted for their group)."""
    rules = rules or load_rules()
    out: dict[str, dict] = {}
    for place in gazetteer.of_kind(*REGION_KINDS):
        lights: dict[str, int] = {}
        for number, status in snap.measures.items():
            tags = [tag["place"] for tag in records.get(number, {}).get("places", [])]
            if tags and region_matches(tags, place.id, gazetteer, False):
                lights[status.light] = lights.get(status.light, 0) + 1
        if lights:
            out[place.id] = {"light": rules.worst(lights), "lights": lights, "items": sum(lights.values())}
    return out


def progress_slides(
    snap: Snapshot,
    previous: Snapshot | None,
    records: list[Measure],
    gazetteer: Gazetteer,
    lang: str = "zh",
    extents: Mapping[str, Bounds] | None = None,
    whole: Bounds | None = None,
    scope: str = "",
) -> list[Slide]:
    """The progress slides for SNAP (already restricted to the deck's selection), PREVIOUS the same selection at
    the end of the previous period (None: no cycle, no change column)."""
    rules = load_rules()
    looks = light_looks(lang, rules)
    order = list(rules.lights.order)
    statuses = list(rules.status_names) + [""]
    by_number = {m["id"]: m for m in records}
    when = as_of_text(snap.as_of, lang)
    total = len(snap.measures)
    unit = t("briefing_measures_unit", lang)
    common = {"as_of": snap.as_of.isoformat(), "sample": snap.has_sample}
    kicker = f"{t('progress_kicker', lang)} · {when}"
    bounds = whole or (0.0, 0.0, 1.0, 1.0)

    def slide(key: str, layout: str, title: str, headline: int, extra: dict, **kw) -> Slide:
        return Slide(
            key=KEY_PREFIX + key,
            kind="progress",
            title=title,
            kicker=kw.pop("kicker", kicker),
            subtitle=kw.pop("subtitle", ""),
            headline=headline,
            headline_label=kw.pop("headline_label", unit),
            places=kw.pop("places", ()),
            bounds=kw.pop("bounds", bounds),
            top=(),
            departments=(),
            measure_ids=tuple(snap.measures),
            scope=scope,
            extra={"layout": layout, **common, **extra},
            **kw,
        )

    period = snap.current_period or ""
    cover = slide(
        "cover",
        "cover",
        t("progress_cover_title", lang),
        total,
        {"when": when, "period": period, "due_period": snap.due_period or ""},
        kicker=t("progress_kicker", lang),
        subtitle=when,
    )

    prev_lights = previous.light_counts() if previous else {}
    prev_status = previous.status_counts() if previous else {}
    now_lights, now_status = snap.light_counts(), snap.status_counts()

    def change(now: int, before: int | None) -> str:
        if before is None:
            return ""
        d = now - before
        return f"+{d}" if d > 0 else ("±0" if d == 0 else str(d))

    overview = slide(
        "overview",
        "overview",
        t("progress_overview", lang),
        total,
        {
            "lights": [
                (
                    looks[k].shape,
                    looks[k].label,
                    k,
                    now_lights.get(k, 0),
                    change(now_lights.get(k, 0), prev_lights.get(k, 0) if previous else None),
                )
                for k in order
            ],
            "statuses": [
                (
                    status_label(s, lang, rules),
                    now_status.get(s, 0),
                    change(now_status.get(s, 0), prev_status.get(s, 0) if previous else None),
                )
                for s in statuses
                if now_status.get(s, 0) or prev_status.get(s, 0) or s
            ],
            "since": as_of_text(previous.as_of, lang) if previous else "",
            "completed": sum(n for s, n in now_status.items() if rules.kind_of(s) == "done"),
        },
    )

    themes = theme_order([by_number[n] for n in snap.measures if n in by_number])
    rollups = snap.by_theme(rules)
    theme_rows = []
    for theme in themes:
        r = rollups.get(theme)
        if r is None:
            continue
        theme_rows.append(
            {
                "theme": localize(theme, lang),
                "items": r.items,
                "lights": _counts(r.lights, order),
                "completed": r.completed,
                "rate": f"{100 * r.completion_rate:.0f}%" if r.completion_rate is not None else "—",
                "light": r.light,
            }
        )

    def paged(key: str, title: str, rows: list, per_page: int, headline: int, extra: dict | None = None, **kw):
        """One slide per page of rows (key "red" or "red:1", "red:2" …), each saying which page it is."""
        cut = pages(rows, per_page)
        return [
            slide(
                f"{key}:{i}" if len(cut) > 1 else key,
                key,
                title,
                headline,
                {"rows": part, "page": i, "pages": len(cut), **(extra or {})},
                **kw,
            )
            for i, part in enumerate(cut, 1)
        ]

    theme_slides = paged(
        "themes",
        t("progress_by_theme", lang),
        theme_rows,
        THEME_ROWS,
        len(theme_rows),
        headline_label=t("progress_themes_unit", lang),
    )
    reds = red_rows(snap, by_number, lang)
    red_slides = paged(
        "red",
        t("progress_red", lang),
        reds,
        RED_ROWS_EN if lang == "en" else RED_ROWS,
        len(reds),
        {"wide_lead": lang in LEAD_CHARS},
    )

    regions = region_lights(snap, by_number, gazetteer, rules)
    rank = {k: i for i, k in enumerate(order)}
    listed = sorted(regions, key=lambda pid: (-rank[regions[pid]["light"]], -regions[pid]["items"]))
    region_rows = [
        {
            "name": short_name(gazetteer[pid], lang),
            "light": regions[pid]["light"],
            "lights": _counts(regions[pid]["lights"], order),
            "items": regions[pid]["items"],
        }
        for pid in listed[:REGION_ROWS]
    ]
    wide = _region_wide([by_number[n] for n in snap.measures if n in by_number], gazetteer)
    group_rows = [
        {"name": gazetteer[g].name(lang), "light": rules.worst(_group_lights(snap, by_number, g)), "items": n}
        for g, n in wide[:REGION_GROUPS]
    ]
    region = slide(
        "region",
        "region",
        t("progress_by_region", lang),
        len(regions),
        {
            "rows": region_rows,
            "more": max(len(listed) - REGION_ROWS, 0),
            "groups": group_rows,
            "regions": regions,
        },
        headline_label=t("progress_regions_unit", lang),
        places=(),
        bounds=(place_bounds(list(regions), gazetteer, extents) if extents is not None and regions else None) or bounds,
        region_wide=wide,
    )
    return [cover, overview, *theme_slides, *red_slides, region]


def _group_lights(snap: Snapshot, records: Mapping[int, Measure], group: str) -> list[str]:
    return [
        s.light
        for n, s in snap.measures.items()
        if any(tag["place"] == group for tag in records.get(n, {}).get("places", []))
    ]


def is_progress(slide: Slide) -> bool:
    return slide.key.startswith(KEY_PREFIX)


def looks_legend(lang: str) -> list[LightLook]:
    """The key of the light colours with their shapes and labels (footnote, table headers)."""
    return list(light_looks(lang).values())


def with_progress(
    slides: list[Slide],
    snap: Snapshot,
    previous: Snapshot | None,
    measures: list[Measure],
    gazetteer: Gazetteer,
    lang: str = "zh",
    extents: Mapping[str, Bounds] | None = None,
) -> list[Slide]:
    """The plan deck (build_slides) followed by its progress slides for the same selection (the overview's
    measures); with sample reports in them, every slide of the deck carries the 示例数据 mark."""
    overview = slides[0]
    ids = set(overview.measure_ids)
    now = restrict(snap, ids)
    before = restrict(previous, ids) if previous is not None else None
    scope = next((s.scope for s in slides if s.scope), "")
    extents = default_extents() if extents is None else extents
    extra = progress_slides(now, before, measures, gazetteer, lang, extents, overview.bounds, scope)
    deck = [*slides, *extra]
    if now.has_sample:
        deck = [dataclasses.replace(s, sample=True) for s in deck]
    return deck
