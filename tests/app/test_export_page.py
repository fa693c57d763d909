"""The export page under Streamlit's AppTest: current filters, options, preview and the six download buttons."""

from __future__ import annotations

from pathlib import Path

from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters, describe, select

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/3_导出.py"


def _run(**query) -> AppTest:
    return run_page(PAGE, query, timeout=90)


def _preview_url(at: AppTest) -> str:
    images = at.get("image")
    assert len(images) == 1
    return images[0].proto.imgs[0].url


def test_page_shows_filters_preview_and_all_downloads():
    at = _run(theme="要素通")
    gaz, measures = load_gazetteer(), load_measures()
    f = Filters(themes=("要素通",))
    summary = " ".join(m.value for m in at.markdown)
    assert describe(f, gaz) in summary and f"共 {len(select(measures, f, gaz))} 项措施" in summary
    assert _preview_url(at).endswith(".png")
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")}
    buttons = {k: v for k, v in buttons.items() if k.startswith("exp_dl_")}  # the report section has its own
    assert set(buttons) == {f"exp_dl_{x}" for x in ("png", "pdf", "svg", "html", "csv", "xlsx")}
    # Files are made when clicked (deferred), and named after the filters.
    assert all(p.deferred_file_id for p in buttons.values())
    assert all(p.ignore_rerun for p in buttons.values())


def test_changing_paper_and_orientation_redraws_the_preview():
    at = _run()
    first = _preview_url(at)
    at.radio(key="exp_paper").set_value("A3")
    at.radio(key="exp_orientation").set_value("portrait")
    at.run()
    assert not at.exception
    assert _preview_url(at) != first


def test_region_filter_frames_the_region_by_default():
    at = _run(region="shenzhen")
    extent = at.radio(key="exp_extent")
    assert list(extent.options) == ["全图范围", "所选地区范围"]
    assert extent.value == "regions"  # the figure is about the chosen region, not the last map view
    before = _preview_url(at)
    extent.set_value("full")
    at.run()
    assert not at.exception
    assert _preview_url(at) != before


def test_empty_selection_warns_instead_of_failing():
    at = _run(q="没有这个关键词的措施")
    assert any("没有措施" in w.value for w in at.warning)
    assert _preview_url(at).endswith(".png")


def test_an_imported_table_names_the_figures_and_files_after_itself():
    from table_builders import HEADER, csv_table

    from ui.dataset_state import ACTIVE_KEY, parse_upload

    rows = [[1, "一、推进数字政府建设", "建设全市统一的数据共享平台。", "省政务服务数据管理局"]]
    at = run_page(PAGE, timeout=90)
    at.session_state[ACTIVE_KEY] = parse_upload(csv_table(rows, HEADER, "utf-8"), "广州市数字政府任务表.csv")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    title = at.text_input(key="exp_title")
    assert title.placeholder.startswith("广州市数字政府任务表") and "数字湾区" not in title.placeholder


def test_the_map_page_title_follows_an_imported_table():
    from table_builders import HEADER, csv_table

    from ui.dataset_state import ACTIVE_KEY, parse_upload

    rows = [[1, "一、推进数字政府建设", "建设全市统一的数据共享平台。", "省政务服务数据管理局"]]
    at = run_page("pages/0_地图.py", timeout=90)
    assert at.title[0].value == "“数字湾区”建设任务地图"
    at.session_state[ACTIVE_KEY] = parse_upload(csv_table(rows, HEADER, "utf-8"), "广州市数字政府任务表.csv")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "广州市数字政府任务表"
