"""The export page in a real browser: the preview appears and the PDF button downloads the filtered map."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_support import external_requests, new_offline_page, screenshot, wait_for_app
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_pdf_download_from_the_export_page(app_server, chromium, tmp_path):
    requests: list[str] = []
    page = new_offline_page(chromium, requests)
    try:
        page.goto(f"{app_server}/{quote('导出')}?theme={quote('要素通')}")
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stImage"] img', timeout=60_000)
        screenshot(page, "export-page")
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="PDF 矢量图").click()
        download = info.value
        target = tmp_path / "map.pdf"
        download.save_as(target)
    finally:
        page.context.close()

    assert download.suggested_filename.endswith(".pdf") and "要素通" in download.suggested_filename
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "“数字湾区”建设任务空间分布：要素通" in text and "主题：要素通" in text
    assert external_requests(requests) == []
