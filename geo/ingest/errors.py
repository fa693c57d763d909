"""The one error type of the ingest path: bad input the user can fix, never a crash.

The CLI prints it as a single line and exits 2; the app shows it next to the upload.
"""

from __future__ import annotations


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

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if isinstance(self.row, int):
            where.append(f"row {self.row}")
        elif self.row:
            where.append(self.row)  # already labelled: "row 7", "line 12", "table 2, row 3"
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def located(self, file: str) -> IngestError:
        """The same error naming the file (parsers below the CLI often only know rows)."""
        if self.file:
            return self
        return IngestError(self.message, file=file, row=self.row, column=self.column)
