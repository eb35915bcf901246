"""Writes to the postcode directory: importing the ONSPD or NSPL as a new edition.

An import never disturbs the directory in use: rows go into a new edition,
committed a batch at a time (so SQLite writers elsewhere wait one batch at
most), and the edition becomes active in one short transaction only when every
row is in. Any failure marks it failed and deletes its rows; the active edition
stays as it was.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Min
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.core.bounds import size_check
from doorstep.core.errors import ApplicationError

from .bundled import bundled_areas
from .models import Area, Postcode, PostcodeEdition
from .onspd import AREA_KINDS, DirectoryReader, PostcodeFileError, directory_open
from .selectors import Place
from .signals import directory_imported

logger = logging.getLogger(__name__)

BATCH_SIZE = 5_000
DELETE_BATCH_SIZE = 20_000
# More broken rows than this share of the file and it is refused whole.
MAX_SKIPPED_SHARE = 0.01

# (phase, done, total): "import" counts bytes read, "cleanup" rows deleted.
Progress = Callable[[str, int, int], None]
DirectoryImported = Callable[..., Any]

_on_directory_imported: list[DirectoryImported] = []


def on_directory_imported(callback: DirectoryImported) -> DirectoryImported:
    """Call `callback(edition=...)` after each completed import; usable as a decorator.

    Lets other apps act on a new directory (say, place signatures) without places importing them.
    """
    if callback not in _on_directory_imported:
        _on_directory_imported.append(callback)
    return callback


@dataclass(frozen=True)
class PostcodeImport:
    edition: PostcodeEdition
    replaced: list[int]  # ids of the editions it replaced
    rows: int  # data rows read
    skipped: int
    skipped_lines: list[int]  # the first few
    seconds: float


def postcodes_import(*, path: Path, progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> PostcodeImport:
    """Import the ONSPD or NSPL (the ONS zip, or its CSV) as the new active edition.

    Raises PostcodeFileError (an ApplicationError) when the file is refused; the
    previous edition then stays active.
    """
    started = time.monotonic()
    _leftovers_clear()
    edition = PostcodeEdition.objects.create(source=path.name[:255])
    try:
        with directory_open(path) as reader:
            edition.source = f"{path.name}: {reader.name}"[:255] if reader.name != path.name else path.name
            edition.save(update_fields=["source", "updated_at"])
            imported = _rows_insert(edition=edition, reader=reader, progress=progress, batch_size=batch_size)
            _import_check(reader=reader, imported=imported)
            replaced = _edition_activate(edition=edition, reader=reader)
    except BaseException as error:
        # Anything, even Ctrl-C: leave no half edition behind.
        _edition_fail(edition=edition, error=error, progress=progress)
        raise
    for old in replaced:
        _edition_rows_delete(edition_id=old, progress=progress)
    postcodes_directory_imported_notify(edition=edition)
    return PostcodeImport(
        edition=edition,
        replaced=replaced,
        rows=reader.rows,
        skipped=reader.skipped,
        skipped_lines=reader.skipped_lines,
        seconds=time.monotonic() - started,
    )


def postcodes_directory_imported_notify(*, edition: PostcodeEdition) -> None:
    """Tell the registered callbacks and the directory_imported signal's receivers."""
    for callback in list(_on_directory_imported):
        callback(edition=edition)
    directory_imported.send(sender=PostcodeEdition, edition=edition)


def _rows_insert(
    *, edition: PostcodeEdition, reader: DirectoryReader, progress: Progress | None, batch_size: int
) -> int:
    imported = 0
    batch: list[tuple[Any, ...]] = []
    for place, terminated in reader.records():
        batch.append((edition.pk, *place, terminated))
        if len(batch) >= batch_size:
            imported += _batch_save(batch)
            batch = []
            if progress:
                progress("import", reader.done, reader.size)
    if batch:
        imported += _batch_save(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, so the batched deletes and lookups use the indexes.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Postcode._meta.db_table)}")
    if progress:
        progress("import", reader.size, reader.size)
    return imported


# Columns written, in the order of (edition_id, *Place, terminated).
INSERT_FIELDS = ("edition", *Place._fields, "terminated")


def _batch_save(batch: list[tuple[Any, ...]]) -> int:
    """Save rows of (edition_id, *Place, terminated) in one short transaction, so other writers wait one batch at most.

    Plain SQL rather than bulk_create (no model instances): several times faster
    for millions of rows. PostgreSQL takes COPY, the fastest; a batch with a
    postcode listed twice falls back to INSERT, which keeps the first row.
    """
    ops = connection.ops
    table = ops.quote_name(Postcode._meta.db_table)
    by_name = {field.name: field for field in Postcode._meta.concrete_fields}
    fields = [by_name[name] for name in INSERT_FIELDS]
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    # Only names from the model go into the SQL, never the file's contents.
    if connection.vendor == "postgresql":
        try:
            # wrap_database_errors: psycopg's own errors, raised through the raw cursor, become Django's.
            with transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            return len(batch)
        except IntegrityError:
            pass
    values = ", ".join(["%s"] * len(fields))
    insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"{insert} {table} ({columns}) VALUES ({values}) {suffix}", batch)
    return len(batch)


def _import_check(*, reader: DirectoryReader, imported: int) -> None:
    if reader.rows == 0 or imported == 0:
        raise PostcodeFileError(_("%(name)s has no postcodes in it.") % {"name": reader.name})
    if reader.skipped > reader.rows * MAX_SKIPPED_SHARE:
        lines = ", ".join(str(n) for n in reader.skipped_lines) + (
            ", ..." if reader.skipped > len(reader.skipped_lines) else ""
        )
        raise PostcodeFileError(
            _(
                "%(skipped)s of %(rows)s rows (%(share)s) have no readable postcode (lines %(lines)s). "
                "That is more than %(limit)s, so nothing was imported."
            )
            % {
                "skipped": f"{reader.skipped:,}",
                "rows": f"{reader.rows:,}",
                "share": f"{reader.skipped / reader.rows:.1%}",
                "lines": lines,
                "limit": f"{MAX_SKIPPED_SHARE:.0%}",
            }
        )


def _edition_activate(*, edition: PostcodeEdition, reader: DirectoryReader) -> list[int]:
    """Switch to the new edition and save the area names, all in one transaction."""
    rows = Postcode.objects.filter(edition=edition).count()  # before the lock: it reads millions of rows
    with transaction.atomic():
        replaced = list(
            PostcodeEdition.objects.select_for_update()
            .filter(status=PostcodeEdition.Status.ACTIVE)
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        PostcodeEdition.objects.filter(pk__in=replaced).update(status=PostcodeEdition.Status.REPLACED, updated_at=now)
        edition.status = PostcodeEdition.Status.ACTIVE
        edition.rows = rows
        edition.skipped = reader.skipped
        edition.finished_at = now
        edition.save()
        _areas_save(names=reader.names, codes_seen=reader.codes_seen)
    return replaced


def _areas_save(*, names: dict[str, dict[str, str]], codes_seen: dict[str, set[str]]) -> None:
    """Names from the Documents/ lookups replace older ones; codes without a name are named by their code."""
    named = [
        Area(kind=kind, code=code, name=name[:200]) for kind in AREA_KINDS for code, name in names.get(kind, {}).items()
    ]
    Area.objects.bulk_create(
        named, batch_size=1000, update_conflicts=True, unique_fields=["kind", "code"], update_fields=["name"]
    )
    unnamed = [
        Area(kind=kind, code=code, name=code)
        for kind in AREA_KINDS
        for code in sorted(codes_seen.get(kind, set()) - names.get(kind, {}).keys())
    ]
    Area.objects.bulk_create(unnamed, batch_size=1000, ignore_conflicts=True)


def _edition_fail(*, edition: PostcodeEdition, error: BaseException, progress: Progress | None) -> None:
    message = getattr(error, "message", None) or repr(error)
    logger.warning("Postcode import %s failed: %s", edition.pk, message)
    PostcodeEdition.objects.filter(pk=edition.pk).update(
        status=PostcodeEdition.Status.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
    )
    _edition_rows_delete(edition_id=edition.pk, progress=progress)


def _leftovers_clear() -> None:
    """Finish what an interrupted run left: an edition still importing was cut off
    (one import runs at a time), and replaced or failed editions keep no rows."""
    for edition in PostcodeEdition.objects.filter(status=PostcodeEdition.Status.IMPORTING):
        error = PostcodeFileError(_("The import was interrupted before it finished."))
        _edition_fail(edition=edition, error=error, progress=None)
    for pk in PostcodeEdition.objects.exclude(status=PostcodeEdition.Status.ACTIVE).values_list("pk", flat=True):
        _edition_rows_delete(edition_id=pk, progress=None)


def _edition_rows_delete(*, edition_id: int, progress: Progress | None) -> None:
    """Delete an edition's rows by id range, a batch per transaction, so readers and writers are never held up long."""
    bounds = Postcode.objects.filter(edition_id=edition_id).aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    if low is None or high is None:
        return
    for start in range(low, high + 1, DELETE_BATCH_SIZE):
        with transaction.atomic():
            Postcode.objects.filter(edition_id=edition_id, pk__gte=start, pk__lt=start + DELETE_BATCH_SIZE).delete()
        if progress:
            progress("cleanup", min(start + DELETE_BATCH_SIZE, high + 1) - low, high + 1 - low)


MP_COLUMNS = ("mp", "member", "name")
PARTY_COLUMNS = ("party", "party_name")


def _mps_read(path: Path) -> list[dict[str, str]]:
    try:
        size_check(
            name=Path(path).name,
            size=Path(path).stat().st_size,
            max_mb=settings.DOORSTEP.import_names_max_mb,
            setting="DOORSTEP_IMPORT_NAMES_MAX_MB",
        )
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError as exc:
        raise ApplicationError(_("No file at %(path)s") % {"path": path}) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ApplicationError(
            _("%(name)s is not a readable CSV file: %(error)s") % {"name": Path(path).name, "error": exc}
        ) from exc


def mps_import(*, path: Path) -> int:
    """Record constituencies' MPs from a CSV with a constituency code column (a header ending
    in CD, or "ons_code"/"code"), an MP column ("mp", "member" or "name") and, if it has one,
    a party column ("party"). All or nothing."""
    rows = _mps_read(path)
    headers = {header.strip().lower(): header for header in (rows[0].keys() if rows else [])}
    code_column = next(
        (original for lower, original in headers.items() if lower in ("ons_code", "code") or lower.endswith("cd")), None
    )
    mp_column = next((headers[name] for name in MP_COLUMNS if name in headers), None)
    party_column = next((headers[name] for name in PARTY_COLUMNS if name in headers), None)
    if not rows or code_column is None or mp_column is None:
        raise ApplicationError(_("The MPs file needs a constituency code column (like PCON24CD) and an MP column"))
    members: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        code, mp = (row.get(code_column) or "").strip().upper(), (row.get(mp_column) or "").strip()
        party = (row.get(party_column) or "").strip() if party_column else ""
        if not code or not mp:
            raise ApplicationError(_("Line %(line)s has no constituency code or no MP") % {"line": line})
        members[code] = (mp[:200], party[:100])
    with transaction.atomic():
        for code, (mp, party) in members.items():
            Area.objects.update_or_create(
                kind=Area.Kind.CONSTITUENCY,
                code=code,
                defaults={"mp": mp, "party": party},
                create_defaults={"name": code, "mp": mp, "party": party},
            )
    return len(members)


def uk_areas_load(*, using: str = "default") -> int:
    """Record the bundled UK areas (places.bundled): their codes, names and, for the current
    constituencies, the date they began. Names already recorded from the postcode directory
    are kept, except where an area was only named by its code. Safe to run again."""
    areas = bundled_areas()
    manager = Area.objects.db_manager(using)
    with transaction.atomic(using=using):
        manager.bulk_create(
            [Area(kind=a.kind, code=a.code, name=a.name, start_date=a.start_date) for a in areas],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["kind", "code"],
            update_fields=["start_date"],
        )
        names = {(str(a.kind), a.code): a.name for a in areas}
        for area in manager.filter(name=F("code")):
            if (area.kind, area.code) in names:
                area.name = names[area.kind, area.code]
                area.save(update_fields=["name"], using=using)
    return len(areas)
