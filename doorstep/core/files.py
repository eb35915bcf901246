"""Files made by Doorstep are never seen half made, and nothing with personal data is left in /tmp.

Each process keeps its temporary files in its own folder inside the data directory,
`DATA_DIR/tmp/<host>-<pid>/` (`tmp_setup` points Python's `tempfile`, and the libraries
that use it, there). A file is built in that folder and renamed into place only when
complete (`file_build`). A process that is killed leaves its folder behind; the next
`doorstep worker` or `doorstep serve` to start removes it (`tmp_sweep`).

    with file_build(target=media / "bundle.pdf") as part:
        write_pdf(part)          # `part` is in the temp folder; the target appears when this ends
"""

import errno
import logging
import os
import secrets
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def tmp_root() -> Path:
    return Path(settings.DATA_DIR) / "tmp"


def _process_folder_name(pid: int) -> str:
    return f"{socket.gethostname()}-{pid}"


def tmp_dir() -> Path:
    """This process's own temporary folder inside the data directory (made if missing, owner only)."""
    folder = tmp_root() / _process_folder_name(os.getpid())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def tmp_setup() -> Path:
    """Send this process's temporary files (Python's `tempfile`, and libraries that honour
    TMPDIR) to its folder in the data directory instead of /tmp. Returns the folder."""
    folder = tmp_dir()
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process
        return True
    return True


def tmp_sweep() -> list[Path]:
    """Remove the temporary folders of this machine's processes that are gone (killed part
    way through building something). Returns the folders removed."""
    root = tmp_root()
    if not root.is_dir():
        return []
    prefix = f"{socket.gethostname()}-"
    removed = []
    for folder in root.iterdir():
        pid = folder.name.removeprefix(prefix)
        if not folder.name.startswith(prefix) or not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    if removed:
        logger.info("Removed %s temporary folder(s) left by stopped processes", len(removed))
    return removed


def file_place(*, source: Path, target: Path) -> None:
    """Move a finished file into place at once: readers see the old file or the whole new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        # The media folder is on another file system: copy beside the target, then rename.
        part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            shutil.copyfile(source, part)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
            source.unlink(missing_ok=True)


@contextmanager
def file_build(*, target: Path) -> Iterator[Path]:
    """Yield a path to write `target`'s content to, in this process's temp folder; when the
    block ends without error the file is moved to `target`. On an error nothing is placed
    and the partial file is removed."""
    folder = Path(tempfile.mkdtemp(dir=tmp_dir()))
    try:
        part = folder / target.name
        yield part
        file_place(source=part, target=target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
