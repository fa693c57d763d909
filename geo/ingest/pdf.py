"""Task tables as PDF: ruled tables through pdfplumber, else the page text through the seed's text parser.

Departments send their tables as PDF prints of Word or WPS documents. In such a print the table is ruled:
pdfplumber finds the cells from the rules, a merged cell comes out once (None where it continues), the
header is printed again on every page, and a row too long for its page goes on below the next page's
header with an empty 序号 cell. Those continuations are joined back onto their row here, so the grid
looks like the one of the .docx it was printed from. A PDF without rules is read as text, in the layout
of the seed (data/source/*.txt was extracted from such a PDF). A scan has no text at all: it is refused
with a message that says so.
"""

from __future__ import annotations

import io

from geo.ingest import columns, table_header
from geo.ingest.errors import IngestError
from geo.ingest.tables import Grid, cell_text

_PDF_MAGIC = b"%PDF-"
# Lines strategy only: a PDF whose table is not ruled is read as text (the seed's layout), not guessed at.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _header_filled(row: list[str | None]) -> list[str]:
    """A header row with each merged cell's text repeated over the columns it spans (工作任务 over two)."""
    out: list[str] = []
    for cell in row:
        out.append(cell_text(cell) if cell is not None else (out[-1] if out else ""))
    return out


def read_pdf(data: bytes, filename: str) -> Grid | str:
    """The grid of the PDF's ruled tables, or its text when it has none (parsed like the seed)."""
    if not data.startswith(_PDF_MAGIC):
        raise IngestError("not a PDF file (it does not start with %PDF-)", file=filename)
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files
        # pdfplumber wraps pdfminer's password error in its own exception: look inside it.
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args, exc.__cause__, exc.__context__)):
            raise IngestError("the PDF is password-protected: save an unprotected copy", file=filename) from None
        raise IngestError(f"cannot read the PDF ({type(exc).__name__}: {exc})", file=filename) from None
    rows: list[list[str]] = []
    labels: list[str] = []
    texts: list[str] = []
    any_text = False
    header_fields: dict[str, int] = {}
    last_data: int | None = None  # index of the last data row, which a page break may have cut
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if page.chars:
                any_text = True
            texts.append(page.extract_text() or "")
            for table in page.extract_tables(_TABLE_SETTINGS):
                first_data_row = True
                previous: list[str] | None = None  # the header row just read, if the last row was one
                for r, raw in enumerate(table):
                    filled = _header_filled(raw)
                    mapping = columns.map_header(filled)
                    # A header's second row (牵头单位 | 配合单位 under 任务分工) is a header row too, on every page:
                    # never the rest of the row the page break cut.
                    if mapping or (previous is not None and table_header.second_row(previous, filled)):
                        header_fields = header_fields or mapping
                        rows.append(filled)
                        labels.append(f"page {number}, table row {r + 1}")
                        previous = filled if mapping else None
                        continue
                    previous = None
                    cells = [cell_text(cell) for cell in raw]
                    id_column = header_fields.get("id")
                    continued = (
                        first_data_row
                        and last_data is not None
                        and id_column is not None
                        and not cells[id_column]
                        and any(cells)
                        and len(rows[last_data]) == len(cells)
                    )
                    first_data_row = False
                    if continued:
                        # The rest of the previous page's last row: its cells go on where they stopped.
                        rows[last_data] = [
                            "\n".join(part for part in (before, after) if part)
                            for before, after in zip(rows[last_data], cells, strict=True)
                        ]
                        continue
                    last_data = len(rows)
                    rows.append(cells)
                    labels.append(f"page {number}, table row {r + 1}")
    if not any_text:
        raise IngestError(
            "scanned PDF: its pages are images with no text layer; run OCR on it or send the .docx/.xlsx/text PDF",
            file=filename,
        )
    if not rows:
        return "\n".join(texts)
    return Grid(rows, labels, lambda i: f"{i + 1}")
