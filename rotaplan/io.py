"""Writing outputs safely: atomic folders and files, owner-only permissions, formula-safe cells.

Every command writes its ``--out`` folder through :func:`atomic_dir`: the files go into a
hidden temporary folder beside the target (``.NAME.tmp-PID-XXXX``, mode 0700, files 0600)
that is renamed into place only once complete. A run that is killed leaves at most that
hidden folder behind; the next run writing the same target removes it once its process is
gone (:func:`remove_stale`).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rotaplan.errors import UsageError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with a quote.

    Text that already starts with quotes before such a character gets one more, so that
    :func:`unquote` gives back exactly the original text."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unquote(value: str) -> str:
    """The inverse of :func:`safe_cell`: drop the quote written before a formula character
    (spreadsheets treat that quote as a "this is text" marker, not as content)."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def text_cell(cell, value: object) -> None:
    """Store ``value`` in an openpyxl cell; text always as text (never a formula), and text
    that looks like a formula with Excel's quote-prefix style, so that editing the cell in
    Excel keeps it text. The cell's value is the text itself, with no added quote."""
    if value is None:
        cell.value = None
        return
    if isinstance(value, bool):
        value = str(value).lower()
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


def write_csv(path: Path, header: list[str], rows: Iterable[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([safe_cell(column) for column in header])  # scenario names, too
        for row in rows:
            writer.writerow([safe_cell(_plain(row.get(col, ""))) for col in header])


def folder_name(text: str) -> str:
    """``text`` as one safe folder name: no separators, no leading dot, no ``..``."""
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", text).strip().lstrip(".")
    return name[:100] or "_"


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _named(inputs: Iterable) -> Iterator[tuple[str, Path]]:
    """(name, path) of each input given as a path or a (name, path) pair; None skipped."""
    for item in inputs:
        name, path = item if isinstance(item, tuple) else ("the input", item)
        if path is not None:
            yield name, Path(path)


def check_out(target: str | Path, force: bool = False, inputs: Iterable = ()) -> Path:
    """Refuse an output folder that cannot be written: an existing file, a non-empty folder
    without ``force``, or a folder that is, contains or lies inside one of ``inputs`` (paths
    or (name, path) pairs: the roster or plan read; an input is never overwritten). Cheap:
    call it before long work."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {target} exists and is not a folder")
    resolved = target.resolve()
    for name, source in _named(inputs):
        other = source.resolve()
        if resolved == other or resolved in other.parents or other in resolved.parents:
            raise UsageError(f"--out {target} overlaps {name} {source}; write elsewhere")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"--out {target} exists and is not empty; use --force to replace it")
    return target


def not_an_input(path: str | Path | None, inputs: Iterable, what: str = "--out") -> None:
    """Refuse an output file that is an input file or lies inside an input folder."""
    if path is None:
        return
    resolved = Path(path).resolve()
    for name, source in _named(inputs):
        other = source.resolve()
        if resolved == other or other in resolved.parents:
            raise UsageError(f"{what} {path} is inside {name} {source}; write elsewhere")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive, and not ours to judge
        return True
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the hidden temporary folders that earlier runs writing ``target`` left behind
    when they were killed (``.NAME.tmp-PID-*`` and ``.NAME.old-PID`` of a process that no
    longer runs, owned by this user). Returns what was removed."""
    removed = []
    if not target.parent.is_dir():
        return removed
    for prefix in (f".{target.name}.tmp-", f".{target.name}.old-"):
        for path in target.parent.glob(f"{_glob_escape(prefix)}*"):
            pid_text = path.name[len(prefix) :].split("-")[0]
            try:
                if not pid_text.isdigit() or path.is_symlink() or not path.is_dir():
                    continue
                if path.stat().st_uid != os.getuid() or _alive(int(pid_text)):
                    continue
            except OSError:
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


def _owner_only(folder: Path) -> None:
    for child in folder.rglob("*"):
        if child.is_symlink():
            continue
        os.chmod(child, 0o700 if child.is_dir() else 0o600)


@contextmanager
def atomic_dir(target: str | Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` at once.

    On any error the temporary folder is removed and ``target`` is left as it was. The
    folder and everything in it are made owner-only (0700 folders, 0600 files).
    """
    target = check_out(target, force).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
    try:
        os.chmod(tmp, 0o700)
        yield tmp
        _owner_only(tmp)
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent)
            )
            os.replace(target, old)  # onto the empty folder just made: a fresh name
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
