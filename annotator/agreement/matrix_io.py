"""Reading a reliability matrix from CSV: one row per coder, one column per unit.

- An empty cell is a missing value; nothing else is ("NA" is a category, or not a number).
- Cells are separated by commas; a file whose first line has tabs (or semicolons) and no
  comma uses those instead. UTF-8, with or without a byte-order mark. Blank lines are skipped.
- A header row naming the units is optional, and so is a first column naming the coders.
  Unless told (``header``/``names``), they are recognised so: the first row is a header
  when its first cell is a word such as "coder", "rater", "observer", "annotator" or "unit"
  (singular or plural), or when that cell is empty and the first column below it holds
  names; a header row means the first column holds coder names. Without a header, the first
  column holds names when its cells are all filled, distinct, not numbers, and every other
  cell is a number or empty.
- At the ordinal, interval and ratio levels every value must be a number. At the nominal
  level values are numbers when all of them are (so "1" and "1.0" are one category), else
  text.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from annotator.agreement.reliability import AgreementDataError, ReliabilityData

HEADER_WORDS = {
    word + plural
    for word in ("coder", "rater", "observer", "annotator", "unit", "judge")
    for plural in ("", "s")
}


class MatrixFileError(AgreementDataError):
    """A reliability-matrix file that cannot be read; names the file and the line."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path,
        line: int | None = None,
        column: int | None = None,
    ):
        where = str(path) + (f" line {line}" if line is not None else "")
        where += f", column {column}" if column is not None else ""
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class MatrixFile:
    """What was read, and how the file was understood."""

    path: Path
    data: ReliabilityData
    header: bool
    names: bool


def read_matrix_csv(
    path: str | Path,
    level: str = "nominal",
    *,
    header: bool | None = None,
    names: bool | None = None,
) -> MatrixFile:
    """Read a coders x units CSV; bad input raises ``MatrixFileError`` naming file and line."""
    path = Path(path)
    rows, lines = _rows(path)
    if not rows:
        raise MatrixFileError("the file is empty: expected one row per coder", path=path)
    width = len(rows[0])
    for row, line in zip(rows, lines, strict=True):
        if len(row) != width:
            raise MatrixFileError(
                f"{len(row)} cells, but line {lines[0]} has {width} (every row needs one cell "
                "per unit; leave a cell empty for a missing value)",
                path=path,
                line=line,
            )
    if header is None:
        top = rows[0][0].strip().lower()
        header = top in HEADER_WORDS or (
            top == "" and len(rows) > 1 and all(rows[0][1:]) and _looks_like_names(rows[1:])
        )
    if names is None:
        names = header or _looks_like_names(rows)
    body, body_lines = (rows[1:], lines[1:]) if header else (rows, lines)
    first = 1 if names else 0
    if not body:
        raise MatrixFileError("no coder rows after the header row", path=path)
    if width <= first:
        raise MatrixFileError("no unit columns: expected one column per unit", path=path)
    coders = [row[0].strip() for row in body] if names else None
    if coders is not None:
        seen: dict[str, int] = {}
        for coder, line in zip(coders, body_lines, strict=True):
            if coder in seen:
                raise MatrixFileError(
                    f"coder {coder!r} appears twice (also line {seen[coder]})", path=path, line=line
                )
            seen[coder] = line
    units = [cell.strip() for cell in rows[0][first:]] if header else None
    cells = [[cell.strip() for cell in row[first:]] for row in body]
    values = _values(cells, body_lines, first, level, path, header)
    data = ReliabilityData.from_rows(values, coders=coders, units=units)
    return MatrixFile(path, data, bool(header), bool(names))


def _rows(path: Path) -> tuple[list[list[str]], list[int]]:
    if not path.exists():
        raise MatrixFileError("no such file", path=path)
    if not path.is_file():
        raise MatrixFileError("not a file (a folder?)", path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MatrixFileError(f"the file cannot be read ({exc.strerror})", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MatrixFileError("the file is not UTF-8 text", path=path, line=line) from None
    lines_of_text = text.splitlines()
    first_line = next((line for line in lines_of_text if line.strip()), "")
    delimiter = ","
    if "," not in first_line:
        delimiter = "\t" if "\t" in first_line else ";" if ";" in first_line else ","
    rows, numbers = [], []
    reader = csv.reader(lines_of_text, delimiter=delimiter)
    try:
        for row in reader:
            if row and (len(row) > 1 or row[0].strip()):
                rows.append(row)
                numbers.append(reader.line_num)
    except csv.Error as exc:
        line = reader.line_num
        raise MatrixFileError(f"the file is not valid CSV ({exc})", path=path, line=line) from None
    return rows, numbers


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _looks_like_names(rows: list[list[str]]) -> bool:
    if not rows or len(rows[0]) < 2:
        return False
    firsts = [row[0].strip() for row in rows]
    if not all(firsts) or len(set(firsts)) != len(firsts):
        return False
    if any(_number(cell) is not None for cell in firsts):
        return False
    return all(not cell.strip() or _number(cell) is not None for row in rows for cell in row[1:])


def _values(
    cells: list[list[str]],
    lines: list[int],
    first: int,
    level: str,
    path: Path,
    header: bool,
) -> list[list[object]]:
    numbers: list[list[object]] = []
    all_numeric = True
    for row, line in zip(cells, lines, strict=True):
        parsed: list[object] = []
        for column, cell in enumerate(row, start=first + 1):
            if not cell:
                parsed.append(None)
                continue
            value = _number(cell)
            if value is None:
                all_numeric = False
                if level != "nominal":
                    hint = (
                        " (use --header if the first line names the units)"
                        if line == lines[0] and not header
                        else " (leave the cell empty for a missing value)"
                    )
                    raise MatrixFileError(
                        f"{cell!r} is not a number, and the {level} level needs numbers{hint}",
                        path=path,
                        line=line,
                        column=column,
                    )
            if value is not None and value < 0 and level == "ratio":
                raise MatrixFileError(
                    f"{cell} is negative, and the ratio level needs values of 0 or more",
                    path=path,
                    line=line,
                    column=column,
                )
            parsed.append(value)
        numbers.append(parsed)
    if all_numeric:
        return [[_tidy(v) for v in row] for row in numbers]
    return [[cell if cell else None for cell in row] for row in cells]


def _tidy(value: object) -> object:
    """Whole numbers as ints, so categories print as 3 rather than 3.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
