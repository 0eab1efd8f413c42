"""Writing outputs atomically: a temporary file beside the target, then one os.replace.

A reader never sees a half-written file. A killed run leaves at most a stray temporary file, named
``.~kefu-<pid>-<random><suffix>``: the next run that writes into the same folder removes those whose
process is gone (``sweep_leftovers``), never another program's files nor a temporary file of a run
still in progress. Files kefu creates get the permissions of the process umask (mkstemp alone would
give 0600, which a colleague on the same PC or share cannot open).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from kefu.core.errors import OutputError

_REASONS = {errno.ENOTDIR: "路径中有一段是文件而不是文件夹", errno.EACCES: "没有写入权限",
            errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间已满", errno.EROFS: "磁盘为只读",
            errno.ENOENT: "路径不存在", errno.EEXIST: "同名文件已存在"}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
PREFIX = ".~kefu-"
_OURS = re.compile(r"\.~kefu-(\d+)-[\w.-]+$")      # .~kefu-<pid>-<random><suffix> (a folder: .~kefu-<pid>-pdf-…)
_LEGACY = re.compile(r"\.~kefu-[A-Za-z0-9_]{8}(\.[A-Za-z0-9]+)?$")      # mkstemp names of earlier versions
STALE_SECONDS = 120          # a leftover younger than this is never touched (its run may be starting)
LEGACY_STALE_SECONDS = 3600  # names without a process id: only when older than an hour
_swept: set[Path] = set()


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Chinese (the English strerror only for unusual errors)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def process_umask() -> int:
    """The umask, read without changing it where /proc tells it (os.umask sets as it reads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_temp(folder: Path, suffix: str) -> Path:
    """Create an empty temporary file in ``folder`` (mode 0666 less the umask) and return its path."""
    folder = Path(folder)
    sweep_leftovers(folder)
    fd, tmp = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=suffix, dir=folder)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~process_umask())
    finally:
        os.close(fd)
    return Path(tmp)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (True when it cannot be told: its files are then kept)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)        # signal 0: only asks (on Windows os.kill would end the process)
    except ProcessLookupError:
        return False
    except OSError:
        return True            # another user's process, or we may not ask
    return True


def _alive_windows(pid: int) -> bool:
    """Ask Windows for the process's exit code without touching the process."""
    if sys.platform != "win32":   # called on Windows only (os.name == "nt")
        return True
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() != 87            # ERROR_INVALID_PARAMETER: no such process
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259                        # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def sweep_leftovers(folder: Path) -> list[Path]:
    """Remove kefu's temporary files (and PDF folders) a killed run left in ``folder`` (once per folder
    and process). Only those named as ``new_temp`` names them, whose process is gone and which are older than
    STALE_SECONDS (an hour for the names of earlier versions, which carry no process id)."""
    folder = Path(folder)
    if folder in _swept:
        return []
    _swept.add(folder)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX) or not _stale(entry, now):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _stale(entry: os.DirEntry, now: float) -> bool:
    try:
        if entry.is_symlink():
            return False
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    ours = _OURS.match(entry.name)
    if ours:
        return age > STALE_SECONDS and not _alive(int(ours.group(1)))
    return bool(_LEGACY.match(entry.name)) and entry.is_file(follow_symlinks=False) and age > LEGACY_STALE_SECONDS


def write_failed(target: Path, exc: OSError) -> OutputError:
    if exc.errno in _FULL:
        return OutputError(f"磁盘空间已满,无法在文件夹《{target.parent}》中写入《{target.name}》,"
                           f"已有文件都保持原样。请清理磁盘空间后重新运行。")
    return OutputError(f"无法写入《{target}》({os_reason(exc)})。如果该文件正在 Word 或 Excel 中打开,请先关闭;"
                       f"否则请检查文件夹《{target.parent}》的写入权限。")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the block succeeds it replaces ``target``.

    An OSError while the block writes (a full disk ...) comes out as one Chinese OutputError; the
    target is then left as it was and the temporary file removed."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = new_temp(target.parent, target.suffix or ".tmp")
    except OSError as exc:
        if exc.errno in _FULL:
            raise write_failed(target, exc) from None
        raise OutputError(f"无法在《{target.parent}》中写入文件({os_reason(exc)}),"
                          f"请检查该文件夹是否存在、是否有写入权限。") from None
    try:
        try:
            yield tmp_path
            os.replace(tmp_path, target)
        except OSError as exc:
            raise write_failed(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def check_writable(folder: Path) -> Path:
    """Create ``folder`` if needed and make sure a file can be written in it, before a job starts work.

    Raises OutputError naming the folder, so that a job fails at once (and leaves nothing behind)
    rather than after reading the workbooks.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = new_temp(folder, ".tmp")
    except OSError as exc:
        raise OutputError(f"输出文件夹《{folder}》无法写入({os_reason(exc)}),请检查 config.ini 中 [paths] output "
                          f"指向的文件夹是否存在、是否有写入权限。") from None
    tmp.unlink()
    return folder


def remove_quietly(paths: Iterable[Path | str | None]) -> None:
    """Remove files a failed run wrote (so that no output is left without its run)."""
    for path in paths:
        if path:
            with contextlib.suppress(OSError):
                Path(path).unlink()


P = TypeVar("P", bound="Path | None")


class Written:
    """The outputs a job has written so far (see ``removed_on_failure``)."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def add(self, path: P) -> P:
        """Note ``path`` (None: nothing was written) and return it."""
        if path is not None:
            self.paths.append(Path(path))
        return path


@contextlib.contextmanager
def removed_on_failure() -> Iterator[Written]:
    """A job's finish-or-remove-outputs step: the block writes the outputs (``written.add`` each) and then
    records the run; when anything in it raises (an output cannot be written, the ledger cannot record the
    run), the outputs written so far are removed again, so that a run's outputs and its exit code agree."""
    written = Written()
    try:
        yield written
    except BaseException:
        remove_quietly(written.paths)
        raise


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """``write(tmp)`` fills a temporary file that then replaces ``path``."""
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(path: Path, data) -> Path:
    """``data`` as JSON (UTF-8, Chinese kept readable, two-space indent), written atomically."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
