"""Reading and checking files of call sheets (CSV or XLSX): the contract of docs/imports.md.

``read_table`` turns the bytes of a file into a header and numbered rows, whatever the format
(the line numbers are those a spreadsheet shows: the header is line 1). ``check_rows`` validates
every row in Python, with no database query, and returns the values of the valid rows and the
errors, each naming its line and column. Writing is ``services.import_job_run``'s job.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from permanence.helpline import territory
from permanence.helpline.models import MAX_DURATION, PARIS
from permanence.helpline.vocab import (
    CALLER_GENDER_IMPORT,
    CALLER_TYPE_IMPORT,
    ORIGIN_REGION_IMPORT,
    PROFESSIONAL_KIND_IMPORT,
    TOPIC_IMPORT,
    CallerGender,
    CallerType,
    OriginRegion,
    is_language_code,
)

# The CallSheet fields an import fills in (the organisation, the job and the author apart).
IMPORTED_FIELDS = (
    "called_at",
    "duration_minutes",
    "caller_type",
    "caller_gender",
    "professional_kind",
    "departement",
    "origin_region",
    "topics",
    "language",
)
REQUIRED_COLUMNS = (
    "date",
    "caller_type",
    "caller_gender",
    "professional_kind",
    "departement",
    "origin_region",
    "topics",
)
OPTIONAL_COLUMNS = ("time", "duration_minutes", "language")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_ROWS = 200_000
DEFAULT_TIME = time(12, 0)  # a line without a time is dated noon, Paris time
PROGRESS_EVERY = 5_000

_TIME = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)(?::([0-5]\d))?$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TOPIC_SEPARATORS = re.compile(r"[;,|]")


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return _("ligne %(line)s, colonne %(column)s : %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "message": str(self)}


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (line number, cells)
    size: int  # number of lines, header included (for progress; 0 when unknown)
    warnings: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    values: list[tuple]  # one tuple per valid line, in the order of IMPORTED_FIELDS
    errors: list[RowError]
    rows: int  # data lines read (blank lines not counted)


# --- Reading ------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """The header and rows of a CSV (UTF-8, "," or ";") or XLSX file, or ImportFileError."""
    if not data.strip():
        raise ImportFileError(_("Le fichier est vide."))
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "Le fichier n’est pas encodé en UTF-8 : enregistrez-le au format "
                "« CSV UTF-8 » (ou en XLSX) puis recommencez."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError(
            _("La première ligne (les noms de colonnes) est illisible.")
        ) from None

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise ImportFileError(
                _("Ligne %(line)s illisible (%(error)s).") % {"line": reader.line_num, "error": exc}
            ) from None

    return _table(header, rows(), text.count("\n") + 1)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise ImportFileError(_("Ce fichier XLSX est illisible ou endommagé.")) from None
    if header is None:
        raise ImportFileError(_("La première feuille du classeur est vide."))

    def rows() -> Iterator[tuple[int, list]]:
        for line, cells in enumerate(iterator, start=2):
            yield line, list(cells)
        workbook.close()

    # The size is known when the file says it (Excel and LibreOffice do); 0 means unknown.
    return _table([_cell_text(c) for c in header], rows(), sheet.max_row or 0)


def _table(header: list, rows: Iterator, size: int) -> Table:
    names = [str(name or "").strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise ImportFileError(
            _("Colonne(s) manquante(s) : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        raise ImportFileError(
            _("Colonne(s) en double : %(names)s.") % {"names": ", ".join(duplicates)}
        )
    ignored = [n for n in names if n and n not in COLUMNS]
    warnings = []
    if ignored:
        warnings.append(
            _("Colonne(s) ignorée(s), jamais enregistrée(s) : %(names)s.")
            % {"names": ", ".join(ignored)}
        )
    return Table(header=names, rows=rows, size=size, warnings=warnings)


# --- Checking -----------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _RowChecker:
    """Checks the cells of one row; collects the errors of every column, not just the first."""

    def __init__(self, line: int, cells: dict):
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []

    def text(self, column: str) -> str:
        return _cell_text(self.cells.get(column)).lower()

    def error(self, column: str, value, message: str) -> None:
        self.errors.append(RowError(self.line, column, _cell_text(value), message))

    def not_allowed(self, column: str, value: str, allowed) -> None:
        self.error(
            column,
            value,
            _("« %(value)s » n’est pas une valeur permise (%(allowed)s)")
            % {"value": value, "allowed": ", ".join(allowed)},
        )

    def choice(self, column: str, mapping: dict, default=""):
        value = self.text(column)
        if not value:
            return default
        if value not in mapping:
            self.not_allowed(column, value, mapping)
            return default
        return mapping[value]

    def day(self) -> date | None:
        value = self.cells.get("date")
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _cell_text(value)
        try:
            if match := _FRENCH_DATE.match(text):
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            message = _("« %(value)s » n’est pas une date (AAAA-MM-JJ)") % {"value": text}
            if not text:
                message = _("la date est obligatoire (AAAA-MM-JJ)")
            self.error("date", text, message)
            return None

    def clock(self) -> time:
        value = self.cells.get("time")
        if isinstance(value, datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0)
        if isinstance(value, float) and 0 <= value < 1:  # a spreadsheet time without a format
            minutes = round(value * 24 * 60)
            return time(minutes // 60 % 24, minutes % 60)
        text = _cell_text(value)
        if not text:
            return DEFAULT_TIME
        if match := _TIME.match(text):
            return time(int(match.group(1)), int(match.group(2)))
        self.error("time", text, _("« %(value)s » n’est pas une heure (HH:MM)") % {"value": text})
        return DEFAULT_TIME

    def duration(self) -> int | None:
        text = self.text("duration_minutes")
        if not text:
            return None
        if text.isdigit() and int(text) <= MAX_DURATION:
            return int(text)
        self.error(
            "duration_minutes",
            text,
            _("« %(value)s » n’est pas une durée en minutes (un entier de 0 à %(max)s)")
            % {"value": text, "max": MAX_DURATION},
        )
        return None

    def departement(self) -> str:
        text = _cell_text(self.cells.get("departement"))
        try:
            return territory.parse_departement(text)
        except ValueError:
            self.error(
                "departement",
                text,
                _("« %(value)s » n’est pas un département (code INSEE : 93, 2A, 971…)")
                % {"value": text},
            )
            return ""

    def topics(self) -> list[str]:
        codes = []
        for part in _TOPIC_SEPARATORS.split(self.text("topics")):
            value = part.strip()
            if not value:
                continue
            if value not in TOPIC_IMPORT:
                self.not_allowed("topics", value, TOPIC_IMPORT)
            elif value not in codes:
                codes.append(value)
        return codes

    def language(self) -> str:
        value = self.text("language")
        if value and not is_language_code(value):
            self.error(
                "language",
                value,
                _("« %(value)s » n’est pas un code de langue ISO 639-1 (fr, ar, en…)")
                % {"value": value},
            )
            return ""
        return value

    def values(self) -> tuple | None:
        """The values of IMPORTED_FIELDS, or None when the row has errors (see ``errors``)."""
        day, clock = self.day(), self.clock()
        caller_type = self.choice("caller_type", CALLER_TYPE_IMPORT)
        if not caller_type and not self.text("caller_type"):
            self.error("caller_type", "", _("obligatoire (particulier, professionnel)"))
        gender = self.choice("caller_gender", CALLER_GENDER_IMPORT)
        kind = self.choice("professional_kind", PROFESSIONAL_KIND_IMPORT)
        if caller_type == CallerType.INDIVIDUAL:
            gender = gender or CallerGender.UNKNOWN
            if kind:
                self.error("professional_kind", kind, _("à laisser vide pour un particulier"))
        elif caller_type == CallerType.PROFESSIONAL:
            if gender:
                self.error("caller_gender", gender, _("à laisser vide pour un professionnel"))
            if not kind and not self.text("professional_kind"):
                self.error(
                    "professional_kind",
                    "",
                    _("obligatoire pour un professionnel (%(allowed)s)")
                    % {"allowed": ", ".join(PROFESSIONAL_KIND_IMPORT)},
                )
        values = (
            datetime.combine(day, clock, tzinfo=PARIS) if day else None,
            self.duration(),
            caller_type,
            gender if caller_type == CallerType.INDIVIDUAL else "",
            kind if caller_type == CallerType.PROFESSIONAL else "",
            self.departement(),
            self.choice("origin_region", ORIGIN_REGION_IMPORT, OriginRegion.UNKNOWN),
            self.topics(),
            self.language(),
        )
        return None if self.errors else values


def _blank(cells: list) -> bool:
    return all(c is None or (c.__class__ is str and not c.strip()) for c in cells)


def check_rows(table: Table, *, progress: Callable[[float], None] | None = None) -> CheckResult:
    """Validate every row; ``progress`` receives the fraction of the file read so far."""
    values, errors, count = [], [], 0
    header = table.header
    for line, cells in table.rows:
        if _blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                _("Le fichier dépasse %(max)s lignes : découpez-le.") % {"max": MAX_ROWS}
            )
        checker = _RowChecker(line, dict(zip(header, cells, strict=False)))
        row = checker.values()
        if row is None:
            errors.extend(checker.errors)
        else:
            values.append(row)
        if progress and count % PROGRESS_EVERY == 0 and table.size:
            progress(min(line / table.size, 1.0))
    return CheckResult(values=values, errors=errors, rows=count)
