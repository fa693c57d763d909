"""The briefing's progress slides on sample progress (geo.progress.demo) in a temporary SQLite database: what each
slide says for an as-of date, checked against the status snapshot computed independently."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from progress_demo import DEMO_AS_OF, demo_database, demo_plan_id

from geo.places.gazetteer import load_gazetteer
from geo.progress.rules import load_rules
from geo.progress.status import snapshot
from geo.selection.briefing import build_slides, choose_slides
from geo.selection.briefing_progress import (
    RED_ROWS,
    as_of_text,
    is_progress,
    pages,
    previous_period_end,
    with_progress,
)
from geo.selection.filters import Filters, select
from geo.store import plans
from ui.briefing_view import footnote_html, light_marks, slide_panel_html


@pytest.fixture(scope="module")
def demo():
    url = demo_database()
    plan = demo_plan_id()
    return url, plan, plans.plan_measures(plan, url=url)


def _deck(demo, as_of: dt.date, filters: Filters | None = None):
    url, plan, measures = demo
    gaz = load_gazetteer()
    now = snapshot(plan, as_of, url=url, measures=measures)
    before = snapshot(plan, previous_period_end(as_of, now.cycle), url=url, measures=measures)
    return with_progress(build_slides(measures, gaz, filters), now, before, measures, gaz), now, before


def _progress(deck):
    return [s for s in deck if is_progress(s)]


def test_deck_ends_with_cover_overview_themes_red_pages_and_region(demo):
    deck, now, _ = _deck(demo, DEMO_AS_OF)
    keys = [s.key for s in _progress(deck)]
    reds = sum(1 for m in now.measures.values() if m.light == "red")
    n_red_pages = -(-reds // RED_ROWS)
    assert reds > RED_ROWS  # the sample needs more than one page: the pagination is exercised
    assert keys == ["progress:cover", "progress:overview", "progress:themes"] + [
        f"progress:red:{i}" for i in range(1, n_red_pages + 1)
    ] + ["progress:region"]
    assert deck[-len(keys) - 1].key.startswith("city:")  # after every plan slide, which keep their numbers
    cover = _progress(deck)[0]
    assert cover.extra["when"] == "截至 2026年11月20日" == as_of_text(DEMO_AS_OF, "zh")
    assert cover.extra["period"] == "2026-Q4"
    # the slide chooser offers them and a deck of only progress slides can be picked
    chosen = choose_slides(deck, ["progress:red:2", "progress:cover"])
    assert [s.key for s in chosen] == ["progress:red:2", "progress:cover"]


def test_overview_counts_and_change_since_the_end_of_the_last_period(demo):
    deck, now, _ = _deck(demo, DEMO_AS_OF)
    overview = next(s for s in deck if s.key == "progress:overview")
    url, plan, measures = demo
    # the base is the end of the previous quarter, computed here by hand
    base = snapshot(plan, dt.date(2026, 9, 30), url=url, measures=measures)
    lights_now = Counter(m.light for m in now.measures.values())
    lights_then = Counter(m.light for m in base.measures.values())
    got = {key: (n, change) for _shape, _label, key, n, change in overview.extra["lights"]}
    for light in ("green", "yellow", "red"):
        d = lights_now[light] - lights_then[light]
        assert got[light] == (lights_now[light], f"+{d}" if d > 0 else ("±0" if d == 0 else str(d)))
    assert sum(n for n, _ in got.values()) == len(measures) == overview.headline
    statuses = {name: (n, change) for name, n, change in overview.extra["statuses"]}
    done = load_rules().status_names[2]  # 已完成 (kind done)
    assert statuses[done][0] == sum(1 for m in now.measures.values() if m.status == done)
    assert overview.extra["since"] == "截至 2026年9月30日"


def test_an_earlier_as_of_date_gives_that_day_s_counts(demo):
    early = dt.date(2026, 8, 15)
    deck, now, before = _deck(demo, early)
    cover = next(s for s in deck if s.key == "progress:cover")
    assert cover.extra["when"] == "截至 2026年8月15日" and cover.extra["period"] == "2026-Q3"
    assert before.as_of == dt.date(2026, 6, 30)
    overview = next(s for s in deck if s.key == "progress:overview")
    late = next(s for s in _deck(demo, DEMO_AS_OF)[0] if s.key == "progress:overview")
    assert overview.extra["lights"] != late.extra["lights"]  # reports after 8月15日 do not count


def test_themes_slide_matches_the_snapshot_roll_up(demo):
    deck, now, _ = _deck(demo, DEMO_AS_OF)
    rows = next(s for s in deck if s.key == "progress:themes").extra["rows"]
    rollup = now.by_theme()
    assert [r["theme"] for r in rows] == list(dict.fromkeys(m.theme_short for m in now.measures.values()))
    for r in rows:
        expect = rollup[r["theme"]]
        assert r["items"] == expect.items and r["completed"] == expect.completed
        assert r["lights"] == [expect.lights.get(k, 0) for k in ("green", "yellow", "red")]
        assert r["light"] == expect.light


def test_red_list_has_every_red_measure_once_with_lead_department_and_due_date(demo):
    deck, now, _ = _deck(demo, DEMO_AS_OF)
    red_slides = [s for s in deck if s.key.startswith("progress:red")]
    rows = [r for s in red_slides for r in s.extra["rows"]]
    assert all(len(s.extra["rows"]) <= RED_ROWS for s in red_slides)
    assert sorted(r["measure"] for r in rows) == sorted(n for n, m in now.measures.items() if m.light == "red")
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)  # most overdue first
    for r in rows:
        status = now.measures[r["measure"]]
        leads = [a.department for a in status.departments if a.role == "lead"]
        assert leads and r["department"]
        assert r["due"] == status.next_milestone.due_on
        assert r["reason"]  # why it is red, in words
        assert len(r["text"]) <= 26


def test_region_slide_colours_each_city_by_its_worst_light(demo):
    deck, now, _ = _deck(demo, DEMO_AS_OF)
    gaz = load_gazetteer()
    region = deck[-1]
    regions = region.extra["regions"]
    url, plan, measures = demo
    rules = load_rules()
    for pid in ("shenzhen", "guangzhou", "hong-kong"):
        concerned = [
            now.measures[m["id"]].light
            for m in measures
            if any(tag["place"] == pid or tag["place"] in gaz.descendants(pid) for tag in m.get("places", []))
        ]
        assert regions[pid]["light"] == rules.worst(concerned)
        assert regions[pid]["items"] == len(concerned)
    # the map labels carry the light's shape (not hue alone), and the key says which shape is which
    marks = light_marks(region, gaz, "zh")
    assert marks["深圳"][0] == rules.lights.looks[regions["shenzhen"]["light"]]["shape"]
    html = slide_panel_html(region, len(deck), len(deck), "zh")
    assert "■" in html and "逾期" in html and "粤港澳大湾区" in html  # region-wide measures: their own count


def test_every_slide_carries_the_sample_mark(demo):
    deck, _, _ = _deck(demo, DEMO_AS_OF)
    assert all(s.sample for s in deck)
    gaz = load_gazetteer()
    from geo.selection.classes import classify

    classes = classify({"shenzhen": 1})
    for n, s in enumerate(deck, 1):
        shown = slide_panel_html(s, n, len(deck), "zh") + footnote_html(classes, "zh", slide=s, gazetteer=gaz)
        assert "示例数据" in shown, s.key


def test_progress_follows_the_briefing_filters(demo):
    url, plan, measures = demo
    gaz = load_gazetteer()
    filters = Filters(themes=("要素通",))
    deck, now, _ = _deck(demo, DEMO_AS_OF, filters)
    overview = next(s for s in deck if s.key == "progress:overview")
    selected = {m["id"] for m in select(measures, filters, gaz)}
    assert overview.headline == len(selected) < len(measures)
    assert sum(n for *_, n, _c in overview.extra["lights"]) == len(selected)
    themes = next(s for s in deck if s.key == "progress:themes")
    assert [r["theme"] for r in themes.extra["rows"]] == ["要素通"]
    assert overview.scope  # the filter is named on the slide


def test_panel_text_is_escaped():
    from geo.selection.briefing import Slide

    slide = Slide(
        key="progress:red",
        kind="progress",
        title="<b>滞后</b>",
        kicker="k",
        subtitle="",
        headline=1,
        headline_label="项",
        places=(),
        bounds=(0, 0, 1, 1),
        top=(),
        departments=(),
        measure_ids=(1,),
        extra={
            "layout": "red",
            "rows": [{"measure": 1, "text": "<script>x</script>", "department": "&", "due": "", "reason": ""}],
            "page": 1,
            "pages": 1,
        },
    )
    html = slide_panel_html(slide, 1, 1, "zh")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_pages_never_exceed_their_size():
    assert pages(list(range(17)), 8) == [list(range(8)), list(range(8, 16)), [16]]
    assert pages([], 8) == [[]]


def test_english_red_list_names_departments_in_english_cut_at_a_word(demo):
    """In English a lead department reads in English ("Department of Industry and Information Technology", not
    省工信厅 beside English names), in its wider column (dba-red-wide), and a long name is cut after a whole word,
    never mid-word ("Informat…")."""
    from geo.i18n import localize

    url, plan, measures = demo
    gaz = load_gazetteer()
    now = snapshot(plan, DEMO_AS_OF, url=url, measures=measures)
    deck = with_progress(build_slides(measures, gaz, lang="en"), now, None, measures, gaz, "en")
    reds = [s for s in deck if s.key.startswith("progress:red")]
    assert reds and all(s.extra["wide_lead"] for s in reds)
    for r in (r for s in reds for r in s.extra["rows"]):
        name = r["department"]
        assert name.rstrip("…").isascii(), name
        full = {localize(a.department, "en").removeprefix("Guangdong ") for a in now.measures[r["measure"]].departments}
        if name.endswith("…"):
            head = name[:-1]
            assert any(f.startswith(head) and f[len(head)] == " " for f in full), (name, full)
        else:
            assert name in full, (name, full)
    panel = slide_panel_html(reds[0], 1, 1, "en")
    assert "dba-red wide" not in panel and "dba-red dba-red-wide" in panel
