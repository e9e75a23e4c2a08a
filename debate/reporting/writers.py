"""The export formats, written row by row: CSV (UTF-8 with BOM, ``;`` or ``,``), JSON, NDJSON
and XLSX (one sheet per entity). Every export is recorded in the audit log first
(``export.created``) with who, what, the filters, the format, the row count and whether personal
data was included and why.

CSV, JSON and NDJSON are generators of bytes: a web response starts with the first chunk and
the CLI writes as it reads. An XLSX file is a ZIP archive whose directory is written last, so it
cannot be sent before it is complete: it is written to a temporary file with XlsxWriter's
``constant_memory`` mode (one row in memory at a time) and that file is then streamed.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]
from sqlalchemy.engine import Engine
from sqlmodel import Session

from debate.audit.record import record
from debate.core.models import User
from debate.reporting.exports import ExportSpec, count_rows, iter_chunks
from debate.reporting.rows import Cells, escape_formula

#: Rows gathered into one chunk of bytes before it is handed on.
FLUSH_ROWS = 500
FILE_CHUNK = 64 * 1024
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Progress = Callable[[int], None]


def start_export(session: Session, *, actor: User | None, spec: ExportSpec, via: str) -> int:
    """Count the rows and record the export in the audit log; returns the row count."""
    rows = sum(count_rows(session, spec, entity) for entity in spec.entities)
    record(
        session,
        actor=actor,
        action="export.created",
        object_type="export",
        object_id=None,
        rows=rows,
        via=via,
        **spec.describe(),
    )
    return rows


def filename(spec: ExportSpec, stamp: str) -> str:
    name = spec.entities[0] if len(spec.entities) == 1 else "inspel"
    return f"{name}-{stamp}.{spec.format}"


def stream(engine: Engine, spec: ExportSpec, progress: Progress | None = None) -> Iterator[bytes]:
    """The export's bytes, chunk by chunk (XLSX through a temporary file)."""
    if spec.format == "xlsx":
        return _xlsx_stream(engine, spec, progress)
    writer = {"csv": csv_chunks, "json": json_chunks, "ndjson": ndjson_chunks}[spec.format]
    return writer(engine, spec, progress)


def _batches(
    engine: Engine, spec: ExportSpec, entity: str, progress: Progress | None
) -> Iterator[list[Cells]]:
    """The rows as tuples of cells, ``FLUSH_ROWS`` at a time (each batch is one output chunk)."""
    for chunk in iter_chunks(engine, spec, entity):
        for start in range(0, len(chunk), FLUSH_ROWS):
            batch = chunk[start : start + FLUSH_ROWS] if len(chunk) > FLUSH_ROWS else chunk
            if progress is not None:
                progress(len(batch))
            yield batch


class _Lines:
    """A file for ``csv.writer`` that keeps what is written in a list (cheaper than StringIO)."""

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def csv_chunks(engine: Engine, spec: ExportSpec, progress: Progress | None) -> Iterator[bytes]:
    """CSV as ``csv.writer`` (QUOTE_MINIMAL, CRLF) writes it, without its cost for plain rows.

    A row's cells are joined with the separator; only a line that holds a quote, a line break,
    or more separators than the row has gaps (a cell with the separator in it) needs quoting,
    and that line is written by ``csv.writer`` itself, so the bytes are the same."""
    entity = spec.entities[0]
    columns = spec.columns(entity)
    sep = spec.delimiter
    gaps = len(columns) - 1
    parts: list[str] = []
    writer = csv.writer(_Lines(parts), delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    yield b"\xef\xbb\xbf" + "".join(parts).encode()
    parts.clear()
    join, add, write = sep.join, parts.append, writer.writerow
    for batch in _batches(engine, spec, entity, progress):
        for row in batch:
            line = join(["" if v is None else str(v) for v in row])
            if '"' in line or "\n" in line or "\r" in line or line.count(sep) != gaps:
                write(row)
            else:
                add(line)
                add("\r\n")
        yield "".join(parts).encode()
        parts.clear()


def ndjson_chunks(engine: Engine, spec: ExportSpec, progress: Progress | None) -> Iterator[bytes]:
    entity = spec.entities[0]
    columns = spec.columns(entity)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for batch in _batches(engine, spec, entity, progress):
        yield "".join(
            [dumps(dict(zip(columns, row, strict=True))) + "\n" for row in batch]
        ).encode()


def json_chunks(engine: Engine, spec: ExportSpec, progress: Progress | None) -> Iterator[bytes]:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    yield b"{"
    for n, entity in enumerate(spec.entities):
        yield f'{"," if n else ""}"{entity}":['.encode()
        columns = spec.columns(entity)
        lead = ""
        for batch in _batches(engine, spec, entity, progress):
            yield (
                lead + ",".join([dumps(dict(zip(columns, row, strict=True))) for row in batch])
            ).encode()
            lead = ","
        yield b"]"
    yield b"}"


#: Column widths in characters (XLSX); others get ``DEFAULT_WIDTH``.
WIDTHS = {"url": 36, "title": 40, "body": 60, "explanation": 50, "created_at": 21}
DEFAULT_WIDTH = 14


def write_xlsx(engine: Engine, spec: ExportSpec, path: Path, progress: Progress | None) -> None:
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "tmpdir": str(path.parent),
    }
    with xlsxwriter.Workbook(str(path), options) as book:
        bold = book.add_format({"bold": True})
        for entity in spec.entities:
            sheet = book.add_worksheet(entity)
            columns = spec.columns(entity)
            for n, name in enumerate(columns):
                sheet.set_column(n, n, WIDTHS.get(name, max(DEFAULT_WIDTH, len(name) + 2)))
            sheet.freeze_panes(1, 0)
            sheet.write_row(0, 0, columns, bold)
            n = 0
            for batch in _batches(engine, spec, entity, progress):
                for row in batch:
                    n += 1
                    sheet.write_row(n, 0, ["" if v is None else escape_formula(v) for v in row])


def _xlsx_stream(engine: Engine, spec: ExportSpec, progress: Progress | None) -> Iterator[bytes]:
    handle, name = tempfile.mkstemp(prefix="inspel-export-", suffix=".xlsx")
    os.close(handle)
    path = Path(name)
    try:
        write_xlsx(engine, spec, path, progress)
        with path.open("rb") as fh:
            while chunk := fh.read(FILE_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
