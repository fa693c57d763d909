"""The one error type of the ingest path: bad input the user can fix, never a crash.

The CLI prints it as a single English line and exits 2; the app shows it next to the upload in the UI's
language (``localized``): the message and its place (row, line, page, column) through geo/i18n.py.
"""

from __future__ import annotations

import re

# English message (as raised) -> i18n key; named groups become the key's parameters. First match wins; a
# message with no pattern is shown in English inside the translated frame.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), key)
    for pattern, key in (
        (r"^unsupported file type '(?P<suffix>[^']*)': .*save it as (?P<target>\.\w+)$", "ingest_err_save_as"),
        (r"^unsupported file type '?(?P<suffix>[^':]*)'?: supported: (?P<supported>.*)$", "ingest_err_unsupported"),
        (r"^empty file$", "ingest_err_empty_file"),
        (r"^no recognisable header", "ingest_err_no_header"),
        (r"^missing (?P<column>\S+) column \(header has: (?P<present>.*)\)$", "ingest_err_missing_column"),
        (r"^具体措施 is empty$", "ingest_err_text_empty"),
        (r"^(?P<column>\S+) is a formula \((?P<formula>.*)\) with no saved value", "ingest_err_formula"),
        (r"^unterminated quote", "ingest_err_unterminated_quote"),
        (r"^a NUL byte at byte (?P<offset>\d+)", "ingest_err_nul"),
        (r"^binary data", "ingest_err_binary"),
        (r"^undecodable", "ingest_err_undecodable"),
        (r"^scanned PDF", "ingest_err_scanned_pdf"),
        (r"^not a (?:valid )?(?P<kind>\.?\w+|PDF) file", "ingest_err_not_format"),
        (r"^the PDF is password-protected", "ingest_err_pdf_password"),
        (r"^the file is password-protected", "ingest_err_password"),
        (
            r"^cannot read (?:the workbook|the document|the PDF|the web page|this table) \((?P<detail>.*)\)$",
            "ingest_err_cannot_read",
        ),
        (r"^no table in this document", "ingest_err_no_docx_table"),
        (
            r"^the table's columns cannot be told apart in this text: (?P<without>\d+) of (?P<total>\d+) .*ruling lines",
            "ingest_err_lost_columns_pdf",
        ),
        (
            r"^the table's columns cannot be told apart in this text: (?P<without>\d+) of (?P<total>\d+) ",
            "ingest_err_lost_columns_text",
        ),
        (r"^duplicate 序号 (?P<id>\d+) \(first used in (?P<first>.*)\)$", "ingest_err_duplicate_id"),
        (r"^序号 (?P<value>.*) is not a number$", "ingest_err_id_not_number"),
        (r"^no measures", "ingest_err_no_measures"),
        (r"^empty table", "ingest_err_empty_table"),
        (r"^no 牵头部门 column", "ingest_err_no_units"),
        (r"^file too large \((?P<size>[\d.]+) MB; at most (?P<limit>\d+) MB\)$", "ingest_err_too_large"),
    )
)
# Place words as the readers write them -> i18n key (most specific first).
_PLACES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"sheet (?P<name>.+?)(?=, row)", "ingest_where_sheet"),
        (r"page (?P<page>\d+), table row (?P<row>\d+)", "ingest_where_page_row"),
        (r"table (?P<table>\d+), row (?P<row>\d+)", "ingest_where_table_row"),
        (r"\brow (?P<row>\d+)", "ingest_where_row"),
        (r"\bline (?P<line>\d+)", "ingest_where_line"),
    )
)


class IngestError(ValueError):
    """A source table that cannot be read, with where (file, row, column) when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.describe())

    def _where(self) -> list[str]:
        where = []
        if self.file:
            where.append(self.file)
        if isinstance(self.row, int):
            where.append(f"row {self.row}")
        elif self.row:
            where.append(self.row)  # already labelled: "row 7", "line 12", "table 2, row 3"
        return where

    def describe(self) -> str:
        where = self._where()
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def localized(self, lang: str) -> str:
        """The same line in the UI's language: file, place and message through the i18n table."""
        from geo.i18n import t

        if lang == "en":
            return self.describe()
        sep = t("list_sep", lang)

        def place(text: str) -> str:
            for pattern, key in _PLACES:
                text = pattern.sub(lambda m, key=key: t(key, lang).format(**m.groupdict()), text)
            return text.replace(", ", sep)

        message = self.message
        for pattern, key in _MESSAGES:
            match = pattern.search(self.message)
            if match:
                params = {name: place(value) if name == "first" else value for name, value in match.groupdict().items()}
                message = t(key, lang).format(**params)
                break
        where = [place(part) for part in (self._where()[1:] if self.file else self._where())]
        if self.column:
            where.append(t("ingest_where_column", lang).format(column=self.column))
        text = sep.join([*([self.file] if self.file else []), *where])
        return f"{text}{t('colon', lang)}{message}" if text else message

    def located(self, file: str) -> IngestError:
        """The same error naming the file (parsers below the CLI often only know rows)."""
        if self.file:
            return self
        return IngestError(self.message, file=file, row=self.row, column=self.column)
