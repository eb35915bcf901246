"""Reading the ONS Postcode Directory (ONSPD) and the National Statistics Postcode Lookup (NSPL).

ONS publishes both as a zip: the postcodes in a CSV under Data/ (beside a
multi_csv/ folder of the same rows split by area, which is ignored: the
largest CSV wins) and name-and-code lookups under Documents/. The bare CSV is
accepted too, without names. Columns are found by header name, so both the
older headers (pcd, oslaua, osward, pcon, rgn, ctry) and the newer dated ones
(pcd7, lad25cd, wd25cd, pcon24cd, rgn25cd, ctry25cd) work.

Sizes are checked before anything is read (each file's unpacked size, and how tightly a zip
packs it: a zip bomb is refused), and lines are read at most LINE_MAX_CHARS at a time: only
the small names files are ever held in memory whole.

This module reads files only; it never touches the database (it takes the kinds of area from the model).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from doorstep.core.bounds import MB, size_check
from doorstep.core.errors import ApplicationError

from .models import Area
from .postcodes import InvalidPostcode, postcode_normalise
from .selectors import Place

Kind = Area.Kind
# In the order of Place's code fields.
AREA_KINDS = (Kind.CONSTITUENCY, Kind.LOCAL_AUTHORITY, Kind.WARD, Kind.REGION, Kind.COUNTRY)

# Preferred first: pcds is already "RM10 7XX"; the others are normalised.
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8")
AREA_COLUMNS = {
    Kind.CONSTITUENCY: re.compile(r"^pcon(\d\dcd)?$"),
    Kind.LOCAL_AUTHORITY: re.compile(r"^(oslaua|laua|lad\d\dcd)$"),
    Kind.WARD: re.compile(r"^(osward|ward|wd\d\dcd)$"),
    Kind.REGION: re.compile(r"^rgn(\d\dcd)?$"),
    Kind.COUNTRY: re.compile(r"^ctry(\d\dcd)?$"),
}
AREA_COLUMN_HINTS = "pcon/pcon24cd, oslaua/laua/lad25cd, osward/ward/wd25cd, rgn/rgn25cd or ctry/ctry25cd"

# Documents/ file names, matched loosely (lower case, any of the words).
NAME_FILE_KEYWORDS = {
    Kind.CONSTITUENCY: ("constituency",),
    Kind.LOCAL_AUTHORITY: ("la_ua", "la ua", "local authorit"),
    Kind.WARD: ("ward",),
    Kind.REGION: ("region",),
    Kind.COUNTRY: ("country",),
}
# NHS regions and European electoral regions also say "region"; they are not ours.
NAME_FILE_EXCLUDE = ("nhs", "eer", "european", "scottish", "welsh", "senedd")

# ONSPD's placeholder for "no grid reference".
NO_LATITUDE = 99.999999
SNIFF_BYTES = 64 * 1024
SKIPPED_LINES_KEPT = 10
# A directory line is a few hundred characters; a longer one is not the directory.
LINE_MAX_CHARS = 10_000
# Files smaller than this are never a zip bomb, however tightly packed.
RATIO_FROM_BYTES = MB


class PostcodeFileError(ApplicationError):
    """The file is not a postcode directory Doorstep can read; the message says why."""


# A directory row: where its postcode is, and whether the postcode is terminated.
Record = tuple[Place, bool]


@dataclass(frozen=True)
class Columns:
    """Where each field is in a row (None: the file does not have it)."""

    postcode: int
    areas: tuple[int | None, ...]  # in AREA_KINDS order
    latitude: int | None
    longitude: int | None
    terminated: int | None


def columns_find(header: list[str]) -> Columns:
    """Find the columns by name (any case), or say which are missing."""
    names = [name.strip().lower() for name in header]

    def first(match: re.Pattern[str]) -> int | None:
        return next((i for i, name in enumerate(names) if match.match(name)), None)

    postcode = next((names.index(name) for name in POSTCODE_COLUMNS if name in names), None)
    areas = tuple(first(AREA_COLUMNS[kind]) for kind in AREA_KINDS)
    missing = []
    if postcode is None:
        missing.append(_("postcode column (pcds, pcd, pcd7 or pcd8)"))
    if all(i is None for i in areas):
        missing.append(_("area column (%(hints)s)") % {"hints": AREA_COLUMN_HINTS})
    if missing:
        shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
        raise PostcodeFileError(
            _("This is not the ONSPD or NSPL: it has no %(missing)s. Its columns are: %(columns)s.")
            % {"missing": _(" and no ").join(missing), "columns": shown or _("none")}
        )
    assert postcode is not None
    return Columns(
        postcode=postcode,
        areas=areas,
        latitude=first(re.compile(r"^lat$")),
        longitude=first(re.compile(r"^long$")),
        terminated=first(re.compile(r"^doterm$")),
    )


@dataclass
class DirectoryReader:
    """The postcode rows of one file, streamed, with what was skipped and how far it has got."""

    name: str
    size: int  # bytes of CSV to read, for progress
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> code -> name
    codes_seen: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in AREA_KINDS})
    rows: int = 0
    skipped: int = 0
    skipped_lines: list[int] = field(default_factory=list)
    done: int = 0
    _text: IO[str] | None = None
    _stack: ExitStack = field(default_factory=ExitStack)

    def __enter__(self) -> DirectoryReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stack.close()

    def records(self) -> Iterator[Record]:
        """Yield each readable row; count the others (no readable postcode) in skipped."""
        assert self._text is not None
        reader = csv.reader(self._counted(self._text))
        try:
            header = next(reader, None)
            if not header:
                raise PostcodeFileError(_("The file is empty."))
            columns = columns_find(header)
            yield from self._records(reader, columns)
        except csv.Error as error:
            raise PostcodeFileError(
                _("This is not a readable CSV file (line %(line)s: %(error)s).")
                % {"line": reader.line_num, "error": error}
            ) from error
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise PostcodeFileError(_("The zip file is damaged (%(error)s).") % {"error": error}) from error

    def _records(self, reader: Any, columns: Columns) -> Iterator[Record]:
        pc, lat_i, long_i, term_i = columns.postcode, columns.latitude, columns.longitude, columns.terminated
        area_columns = list(enumerate(columns.areas))
        seen = [self.codes_seen[kind] for kind in AREA_KINDS]
        for row in reader:
            if not row:
                continue  # a blank line, often at the end
            self.rows += 1
            try:
                postcode = postcode_normalise(row[pc])
                codes = [row[i].strip() if i is not None else "" for _, i in area_columns]
            except (InvalidPostcode, IndexError):
                self.skipped += 1
                if len(self.skipped_lines) < SKIPPED_LINES_KEPT:
                    self.skipped_lines.append(reader.line_num)
                continue
            for k, code in enumerate(codes):
                if code:
                    seen[k].add(code)
            latitude, longitude = _number(row, lat_i), _number(row, long_i)
            if latitude == NO_LATITUDE:
                latitude = longitude = None
            terminated = term_i is not None and term_i < len(row) and bool(row[term_i].strip())
            yield Place._make([postcode, *codes, latitude, longitude]), terminated

    def _counted(self, text: IO[str]) -> Iterator[str]:
        # Characters stand in for bytes: the directory is ASCII. A line is read at most
        # LINE_MAX_CHARS at a time, so a file of one endless line is refused, not read whole.
        number = 0
        while line := text.readline(LINE_MAX_CHARS + 1):
            number += 1
            if len(line) > LINE_MAX_CHARS:
                raise PostcodeFileError(
                    _("Line %(line)s is longer than %(max)s characters: this is not the ONSPD or NSPL.")
                    % {"line": f"{number:,}", "max": f"{LINE_MAX_CHARS:,}"}
                )
            self.done += len(line)
            yield line


def _number(row: list[str], i: int | None) -> float | None:
    if i is None or i >= len(row):
        return None
    try:
        return float(row[i])
    except ValueError:
        return None


def directory_open(path: Path) -> DirectoryReader:
    """Open the ONS zip or a bare CSV for reading; use it as a context manager."""
    if not path.is_file():
        raise PostcodeFileError(_("There is no file at %(path)s.") % {"path": path})
    if path.stat().st_size == 0:
        raise PostcodeFileError(_("The file is empty."))
    if zipfile.is_zipfile(path):
        return _zip_open(path)
    _size_check(name=path.name, size=path.stat().st_size, limit=DATA_LIMIT)
    with path.open("rb") as raw:
        start = raw.read(SNIFF_BYTES)
    if b"\x00" in start:
        raise PostcodeFileError(_("This is not a CSV file or a zip of one (it holds binary data)."))
    reader = DirectoryReader(name=path.name, size=path.stat().st_size)
    reader._text = reader._stack.enter_context(path.open(encoding="utf-8-sig", errors="replace", newline=""))
    return reader


def _zip_open(path: Path) -> DirectoryReader:
    stack = ExitStack()
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        member = _data_member(archive)
        _member_check(member, limit=DATA_LIMIT)
        reader = DirectoryReader(name=member.filename, size=member.file_size, _stack=stack)
        reader.names = _names_read(archive, exclude=member)
        binary = stack.enter_context(archive.open(member))
        reader._text = stack.enter_context(io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline=""))
    except zipfile.BadZipFile as error:
        stack.close()
        raise PostcodeFileError(_("The zip file is damaged (%(error)s).") % {"error": error}) from error
    except BaseException:
        stack.close()
        raise
    return reader


def _data_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The postcode CSV: the largest under Data/, else the largest outside Documents/."""
    csvs = [info for info in archive.infolist() if not info.is_dir() and info.filename.lower().endswith(".csv")]
    if not csvs:
        raise PostcodeFileError(
            _("The zip holds no CSV file. Use the ONSPD or NSPL zip from ONS, with its CSV in Data/.")
        )

    def folders(info: zipfile.ZipInfo) -> list[str]:
        return [part.lower() for part in info.filename.split("/")[:-1]]

    in_data = [info for info in csvs if "data" in folders(info)]
    not_documents = [info for info in csvs if "documents" not in folders(info)]
    return max(in_data or not_documents or csvs, key=lambda info: info.file_size)


def name_file_kind(filename: str) -> str | None:
    """Which kind of area a Documents/ file names, judging by its file name."""
    base = filename.rsplit("/", 1)[-1].lower()
    if not base.endswith(".csv") or "name" not in base or any(word in base for word in NAME_FILE_EXCLUDE):
        return None
    return next((kind for kind, words in NAME_FILE_KEYWORDS.items() if any(word in base for word in words)), None)


def _names_read(archive: zipfile.ZipFile, *, exclude: zipfile.ZipInfo) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for info in sorted(archive.infolist(), key=lambda info: info.filename):
        kind = name_file_kind(info.filename)
        if kind is None or info.filename == exclude.filename:
            continue
        _member_check(info, limit=NAMES_LIMIT)
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)  # never more than the size checked
        names.setdefault(kind, {}).update(names_parse(data))
    return names


# The limits, by the setting that raises each.
DATA_LIMIT, NAMES_LIMIT = "DOORSTEP_IMPORT_MAX_MB", "DOORSTEP_IMPORT_NAMES_MAX_MB"


def _size_check(*, name: str, size: int, limit: str) -> None:
    max_mb = settings.DOORSTEP.import_max_mb if limit == DATA_LIMIT else settings.DOORSTEP.import_names_max_mb
    size_check(name=name, size=size, max_mb=max_mb, setting=limit, error=PostcodeFileError)


def _member_check(info: zipfile.ZipInfo, *, limit: str) -> None:
    """Refuse a file in the zip before reading it: larger unpacked than its `limit`, or unpacking to
    far more than its packed size (a zip bomb). Reading stops at the declared size, so a zip that
    understates it is refused as damaged."""
    _size_check(name=info.filename, size=info.file_size, limit=limit)
    ratio = settings.DOORSTEP.import_max_ratio
    if info.file_size >= RATIO_FROM_BYTES and info.file_size > ratio * max(info.compress_size, 1):
        raise PostcodeFileError(
            _(
                "%(name)s unpacks to %(times)s times its size in the zip, more than the %(max)s times "
                "Doorstep accepts (DOORSTEP_IMPORT_MAX_RATIO): it looks like a zip bomb."
            )
            % {"name": info.filename, "times": f"{info.file_size // max(info.compress_size, 1):,}", "max": ratio}
        )


def names_parse(data: bytes) -> dict[str, str]:
    """Code -> name from a names-and-codes CSV: the first column ending CD, the first ending NM."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older lookups are Windows-encoded
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().upper() for name in next(rows, [])]
    code_i = next((i for i, name in enumerate(header) if name.endswith("CD")), None)
    name_i = next((i for i, name in enumerate(header) if name.endswith("NM")), None)
    if code_i is None or name_i is None:
        return {}
    width = max(code_i, name_i)
    return {row[code_i].strip(): row[name_i].strip() for row in rows if len(row) > width and row[code_i].strip()}
