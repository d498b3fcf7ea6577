"""Finding landing files without ever opening, following or blocking on something that is not one.

The walk never follows a symlinked folder and never opens anything: it only classifies directory
entries whose name looks like a landing file (`*.jsonl`, `*.jsonl.gz`, `*.parquet`, any letter case):

- a regular file, or a symlink to a regular file inside the landing folder: a landing file;
- a symlink that points outside the landing folder (with a landing-file name, or to a folder): refused;
- a dangling symlink, a symlink loop, a directory with a landing-file name, a FIFO, socket or device:
  a problem.

Each problem becomes one `unreadable_file: <why>` quarantine row, so nothing is skipped silently and a
FIFO cannot hang a run. Sub-folders whose name starts with `_` or `.` are skipped, so ground truth or
scratch files can live beside the data. A file name that is not valid UTF-8 is read like any other; it
is stored with the bad bytes written as `\\xNN`.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


@dataclass(frozen=True)
class LandingFile:
    """A discovered landing file; `problem` is set when it must not be read (and says why)."""

    path: Path
    fingerprint: str  # size + mtime: a change re-indexes the file
    problem: str | None = None
    mtime_ns: int | None = None  # when it landed (a symlink's own time for a refused one); None if unknown

    @property
    def key(self) -> str:
        """The file's name in the warehouse: its path, with bytes that are not UTF-8 written as \\xNN."""
        return os.fsencode(self.path).decode("utf-8", "backslashreplace")

    @property
    def kind(self) -> str:
        return "parquet" if self.path.name.lower().endswith(".parquet") else "jsonl"

    @property
    def gzipped(self) -> bool:
        return self.path.name.lower().endswith(".gz")


def discover(landing_dir: str | Path) -> list[LandingFile]:
    """Every landing file (and every refused entry) under `landing_dir`, sorted by key."""
    root = Path(landing_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"Landing directory {root} does not exist (set CLIO_LANDING_DIR).")
    root = root.resolve()
    found: dict[str, LandingFile] = {}

    def unlistable(error: OSError) -> None:
        entry = LandingFile(Path(error.filename or root), "", f"cannot list folder ({error.strerror})")
        found[entry.key] = entry

    for folder, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(("_", "."))]
        for name in dirnames + filenames:
            entry = _classify(root, Path(folder, name))
            if entry is not None:
                found.setdefault(entry.key, entry)  # a file and a symlink to it are one file
    return sorted(found.values(), key=lambda f: f.key)


def _classify(root: Path, path: Path) -> LandingFile | None:
    try:
        link = os.lstat(path)
    except OSError:  # gone since the folder was listed: nothing to read, nothing to report
        return None
    named_like_data = path.name.lower().endswith(SUFFIXES)  # DAY.JSONL is data too
    if not stat.S_ISLNK(link.st_mode):
        return _entry(path, link) if named_like_data else None
    broken = "dangling symlink"
    try:
        target_stat: os.stat_result | None = os.stat(path)  # the target's metadata; nothing is opened
    except OSError as exc:
        target_stat = None
        broken = "symlink loop" if exc.errno == errno.ELOOP else broken
    leads_to_folder = target_stat is not None and stat.S_ISDIR(target_stat.st_mode)
    if not (named_like_data or leads_to_folder):
        return None
    if not Path(os.path.realpath(path)).is_relative_to(root):
        return LandingFile(path, "", "symlink points outside the landing folder", link.st_mtime_ns)
    if target_stat is None:
        return LandingFile(path, "", broken, link.st_mtime_ns)
    if leads_to_folder:
        return None  # a folder inside the landing folder is walked through its real path
    return _entry(Path(os.path.realpath(path)), target_stat)


def _entry(path: Path, st: os.stat_result) -> LandingFile:
    fingerprint = f"{st.st_size}:{st.st_mtime_ns}"
    if stat.S_ISREG(st.st_mode):
        return LandingFile(path, fingerprint, None, st.st_mtime_ns)
    problem = "is a directory" if stat.S_ISDIR(st.st_mode) else f"not a regular file ({file_type(st.st_mode)})"
    return LandingFile(path, fingerprint, problem, st.st_mtime_ns)


def file_type(mode: int) -> str:
    """'FIFO', 'socket', 'character device', ... for a stat mode that is not a regular file."""
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"
