"""Checking data files against `schema.sql` and against each other, reporting every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model

from loaders.checked_rows import CheckedRow, CheckedTable
from loaders.cross_checks import check_relations
from loaders.problems import Problem
from loaders.quote_checks import check_quotes, reference_texts
from loaders.table_specs import PRECISION_SUFFIX, ColumnSpec, TableSpec, table_specs
from loaders.tabular_files import RawTable, read_table_file

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1"}, {"false", "no", "0"}


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or only a year; `value` is the period's first day."""

    value: date
    precision: Literal["day", "month", "year"]


def parse_partial_date(text: str) -> PartialDate:
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not an ISO date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date") from None
    return PartialDate(value, "day" if day else "month" if month else "year")


def _parse_bool(text: str) -> bool:
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    raise ValueError(f"'{text}' is not true or false")


def _parse_int(text: str) -> int:
    if not re.fullmatch(r"-?\d+", text.strip()):
        raise ValueError(f"'{text}' is not a whole number")
    return int(text)


def _parse_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None


def _one_of(values: tuple[str, ...]):
    def check(text: str) -> str:
        if text not in values:
            raise ValueError(f"'{text}' is not one of: {', '.join(values)}")
        return text

    return check


def _parser(column: ColumnSpec):
    if column.data_type == "DATE":
        return parse_partial_date
    if column.data_type == "BOOLEAN":
        return _parse_bool
    if column.data_type in {"BIGINT", "INTEGER", "SMALLINT", "HUGEINT"}:
        return _parse_int
    if column.data_type in {"DOUBLE", "FLOAT"}:
        return _parse_float
    if column.data_type == "ENUM":
        return _one_of(column.enum_values)
    return str


@cache
def _row_model(spec: TableSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name in spec.csv_columns:
        column = spec.column(name)
        parse = _parser(column)

        def convert(text: Any, parse=parse, nullable=column.nullable) -> Any:
            if text is None or text == "":
                if nullable:
                    return None
                raise ValueError("is required")
            return parse(text)

        fields[name] = (Annotated[Any, BeforeValidator(convert)], ...)
    return create_model(f"{spec.name}_row", __config__=ConfigDict(frozen=True), **fields)


def check_header(spec: TableSpec, raw: RawTable) -> list[Problem]:
    expected = list(spec.csv_columns)
    header = [h.strip() for h in raw.header]
    if header == expected:
        return []
    problems = []
    if len(header) == 1 and ";" in header[0]:
        problems.append(
            Problem(
                raw.path,
                1,
                None,
                "the header is one column holding ';': the file uses ';' as its delimiter; use ','",
            )
        )
        return problems
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(raw.path, 1, name, "duplicate column in the header"))
        seen.add(name)
    if missing := [c for c in expected if c not in seen]:
        problems.append(Problem(raw.path, 1, None, f"missing column(s): {', '.join(missing)}"))
    if unknown := [c for c in header if c not in expected]:
        problems.append(
            Problem(
                raw.path,
                1,
                None,
                f"unknown column(s): {', '.join(unknown)}; expected {','.join(expected)}",
            )
        )
    if not problems:
        problems.append(
            Problem(raw.path, 1, None, f"columns are out of order; expected {','.join(expected)}")
        )
    return problems


def check_rows(spec: TableSpec, raw: RawTable) -> tuple[CheckedTable, list[Problem]]:
    """Type-check each row; a header in another order is accepted for imports."""
    header = [h.strip() for h in raw.header]
    model = _row_model(spec)
    checked: list[CheckedRow] = []
    problems: list[Problem] = []
    for line, cells in raw.rows:
        values = dict(zip(header, cells, strict=True))
        try:
            row = model(**{c: values.get(c, "") for c in spec.csv_columns})
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else None
                message = str(error["msg"]).removeprefix("Value error, ")
                problems.append(Problem(raw.path, line, column, message))
            continue
        checked.append(CheckedRow(raw.path, line, _database_row(spec, row)))
    return CheckedTable(spec, checked), problems


def _database_row(spec: TableSpec, row: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in spec.columns:
        if spec.is_precision_column(column.name):
            stem = getattr(row, column.name.removesuffix(PRECISION_SUFFIX))
            out[column.name] = stem.precision if stem else None
            continue
        value = getattr(row, column.name)
        out[column.name] = value.value if isinstance(value, PartialDate) else value
    return out


def load_table(
    spec: TableSpec, path: Path, shown_as: str
) -> tuple[CheckedTable | None, list[Problem]]:
    """Read and type-check one shipped file; a missing file is a problem, not an empty table."""
    if not path.exists():
        return None, [
            Problem(
                shown_as,
                None,
                None,
                f"is missing (every table needs its file, "
                f"even if only a header: {','.join(spec.csv_columns)})",
            )
        ]
    raw, problems = read_table_file(path, shown_as=shown_as)
    if raw is None:
        return None, problems
    if header_problems := check_header(spec, raw):
        return None, problems + header_problems
    checked, row_problems = check_rows(spec, raw)
    return checked, problems + row_problems


def validate_directory(data_dir: Path) -> tuple[dict[str, CheckedTable], list[Problem]]:
    """Check every table file under `data_dir`; returns the checked tables and all problems."""
    tables: dict[str, CheckedTable] = {}
    problems: list[Problem] = []
    for name, spec in table_specs().items():
        table, found = load_table(
            spec, data_dir / f"{name}.csv", _display(data_dir / f"{name}.csv")
        )
        problems.extend(found)
        if table is not None:
            tables[name] = table
    problems.extend(check_relations(tables))
    problems.extend(check_quotes(tables, reference_texts(data_dir)))
    return tables, problems


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
