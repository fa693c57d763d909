"""Map page speed: payload, server rerun, browser repaint — for the seed data and 5,000 synthetic measures,
each against a naive build measured in the same run (bench/naive_map_app.py: raw boundaries, map rebuilt
and remounted on every change).

    .venv/bin/python bench/bench_map.py            # everything (needs /usr/bin/chromium for the repaint)
    .venv/bin/python bench/bench_map.py --no-browser

Targets (issue 4): payload ≤ 250 KB; repaint ≤ 0.2 s; rerun ≤ 100 ms at 60 measures, ≤ 300 ms at 5,000.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from geo.dataset import MEASURES_ENV, load_measures  # noqa: E402

RERUNS = 24
REPAINTS = 6  # each = 2 changes (select a theme, clear all) → 12 samples


def synthetic_measures(n: int, seed: int = 4) -> list[dict]:
    """n measures drawn from the seed's themes, departments and place tags (deterministic)."""
    base = load_measures()
    rng = random.Random(seed)
    depts = sorted({d for m in base for d in m["departments"]})
    tags = [t for m in base for t in m["places"]]
    out = []
    for i in range(n):
        src = base[i % len(base)]
        theme_src = rng.choice(base)
        out.append(
            {
                **src,
                "id": i + 1,
                "theme": theme_src["theme"],
                "theme_short": theme_src["theme_short"],
                "text": f"{src['text']}（合成{i + 1}）",
                "departments": rng.sample(depts, rng.randint(1, 3)),
                "places": rng.sample(tags, rng.randint(0, 3)),
                "source": {"document": "synthetic", "row": i + 1},
            }
        )
    return out


def _naive_dir(tmp: Path) -> Path:
    """The naive app in its own folder with a copy of static/ (Streamlit serves <script dir>/static)."""
    d = tmp / "naive"
    d.mkdir()
    shutil.copy(ROOT / "bench" / "naive_map_app.py", d / "naive_map_app.py")
    shutil.copytree(ROOT / "static", d / "static")
    return d


def apptest_figures(script: Path, themes: list[str]) -> dict:
    """Payload bytes of the map component and median rerun time after a filter change (AppTest, in process)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=120)
    at.run()
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    payload = len(at.get("component_instance")[0].proto.json_args.encode())
    ms = next(w for w in at.sidebar.multiselect if w.key == "flt_theme")
    times = []
    for i in range(RERUNS):
        value = [] if i % 2 else [themes[(i // 2) % len(themes)]]
        ms = next(w for w in at.sidebar.multiselect if w.key == "flt_theme")
        ms.set_value(value)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
    return {"payload": payload, "rerun": statistics.median(times)}


_PAGE_FILLS_JS = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = f && f.contentWindow;
  if (!w || !w.map) return '';
  const out = [];
  Object.values(w.map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    // count and painted fill: the count always changes with the filter, the fill shows the repaint happened
    if (p && p.count !== undefined && l._path) out.push(p.place + '=' + p.count + ':' + l._path.getAttribute('fill'));
  });
  return out.length >= 23 ? out.sort().join(',') : '';
}"""


def browser_repaint(script: str, env: dict, themes: list[str]) -> list[float]:
    """Seconds from a filter change (option click / clear-all click) to new fills in the map (median later)."""
    from browser_support import launch_chromium, new_offline_page, streamlit_server, wait_for_app
    from playwright.sync_api import sync_playwright

    samples: list[float] = []
    with streamlit_server(script=script, env=env, timeout=120) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = new_offline_page(browser)
        page.goto(url)
        wait_for_app(page, timeout=60_000)
        page.wait_for_function(f"() => ({_PAGE_FILLS_JS})() !== ''", timeout=60_000)

        # Timed in the page: from the click event (capture phase, before Streamlit sees it) to the first
        # animation frame where the map's polygons carry the new counts and fills. Playwright's own overhead
        # (actionability checks, protocol round trips) is not part of the figure.
        page.evaluate("() => document.addEventListener('click', () => { window.__t0 = performance.now(); }, true)")
        watch = (
            "(before) => { window.__t1 = null; const sig = " + _PAGE_FILLS_JS + "; const loop = () => {"
            " const s = sig(); if (s !== '' && s !== before) { window.__t1 = performance.now(); }"
            " else { requestAnimationFrame(loop); } }; requestAnimationFrame(loop); }"
        )

        def timed(action, what: str) -> float:
            page.evaluate(watch, page.evaluate(_PAGE_FILLS_JS))
            action()
            try:
                page.wait_for_function("() => window.__t1 !== null", polling="raf", timeout=60_000)
            except Exception:
                page.screenshot(path=str(ROOT / "artifacts" / "bench_map_timeout.png"))
                raise RuntimeError(f"{script}: the map did not change after {what}") from None
            return page.evaluate("() => (window.__t1 - window.__t0) / 1000")

        import re

        for i in range(REPAINTS):
            theme = themes[i % len(themes)]
            box = page.get_by_role("combobox", name="主题")
            box.scroll_into_view_if_needed()  # a click that scrolls the sidebar closes the list it opens
            box.click()
            option = page.get_by_role("option", name=re.compile("^" + re.escape(theme)))
            option.first.wait_for()
            samples.append(timed(lambda opt=option: opt.first.click(), f"choosing {theme}"))
            page.keyboard.press("Escape")
            # Blur the multiselect first: its blur re-lays out the sidebar, which would move the button under
            # the click. Settling is not part of the timing.
            page.evaluate("document.activeElement && document.activeElement.blur()")
            page.wait_for_timeout(400)
            wait_for_app(page)
            samples.append(timed(lambda: page.get_by_role("button", name="清除全部筛选").click(), "clear all"))
            page.wait_for_timeout(400)
            wait_for_app(page)
        browser.close()
    return samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium repaint figures")
    ap.add_argument("--synthetic", type=int, default=5000)
    args = ap.parse_args()
    browser = not args.no_browser and Path("/usr/bin/chromium").exists()
    if not args.no_browser and not browser:
        print("NOTE: /usr/bin/chromium absent, repaint figures skipped")

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        synth = tmp / "synthetic.json"
        synth.write_text(json.dumps(synthetic_measures(args.synthetic), ensure_ascii=False), encoding="utf-8")
        naive = _naive_dir(tmp)
        datasets = [("seed", None), (f"synthetic {args.synthetic}", synth)]
        rows = []
        for name, path in datasets:
            old = os.environ.pop(MEASURES_ENV, None)
            if path:
                os.environ[MEASURES_ENV] = str(path)
            themes = list(dict.fromkeys(m["theme_short"] for m in load_measures()))
            ours = apptest_figures(ROOT / "app.py", themes)
            base = apptest_figures(naive / "naive_map_app.py", themes)
            row = {"dataset": name, "n": len(load_measures()), "ours": ours, "naive": base}
            if browser:
                env = {MEASURES_ENV: str(path)} if path else {}
                row["ours"]["repaint"] = statistics.median(browser_repaint("app.py", env, themes))
                row["naive"]["repaint"] = statistics.median(
                    browser_repaint(str(naive / "naive_map_app.py"), {**env, "PYTHONPATH": str(ROOT)}, themes)
                )
            rows.append(row)
            os.environ.pop(MEASURES_ENV, None)
            if old is not None:
                os.environ[MEASURES_ENV] = old

    print()
    print(f"{'dataset':<16}{'measure':<22}{'ours':>12}{'naive':>12}{'naive/ours':>12}   target")
    for row in rows:
        o, b = row["ours"], row["naive"]
        rerun_target = 0.100 if row["n"] <= 100 else 0.300
        lines = [
            ("payload (bytes)", o["payload"], b["payload"], "{:,.0f}", 250_000, "≤ 250 KB"),
            ("rerun median (s)", o["rerun"], b["rerun"], "{:.3f}", rerun_target, f"≤ {rerun_target:.1f} s"),
        ]
        if "repaint" in o:
            lines.append(("repaint median (s)", o["repaint"], b["repaint"], "{:.3f}", 0.2, "≤ 0.2 s"))
        for label, ov, bv, fmt, target, tlabel in lines:
            ok = "ok" if ov <= target else "MISSED"
            print(
                f"{row['dataset']:<16}{label:<22}{fmt.format(ov):>12}{fmt.format(bv):>12}{bv / ov:>11.1f}x"
                f"   {tlabel} {ok}"
            )
    print(
        f"\nreruns: median of {RERUNS} AppTest runs, a filter change each time; repaints: median of "
        f"{REPAINTS * 2} changes in Chromium (click event → first frame with the new fills), "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
