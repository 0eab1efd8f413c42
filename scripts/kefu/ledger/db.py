"""The ledger: one SQLite file under [paths] data, kefu's memory of what it saw and issued.

Each module that keeps something in the ledger creates its own tables with CREATE TABLE IF NOT EXISTS
through ``connect``. A missing ledger is created; a damaged one (it fails SQLite's integrity check, or
is not a database at all) is moved aside and rebuilt with a warning. The integrity check reads the whole
file, so it is skipped when the ledger is as kefu left it: the ``close`` of a healthy connection that wrote notes the
files' size and time beside the ledger (``ledger.sqlite3.checked``), and a ledger changed since by
anything else (or never closed cleanly) is checked again. A full disk, a ledger locked by
another program or a folder kefu may not write is NOT damage: every file stays as it is and the job stops
with one Chinese line (OutputError), also when it happens in the middle of a job's writes
(``LedgerConnection``). A locked ledger is waited for LOCK_WAIT_SECONDS. The ledger stores no phone numbers.
"""
from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from pathlib import Path

from kefu.core.errors import OutputError
from kefu.core.settings import Settings
from kefu.ledger import migrate

LEDGER_NAME = "ledger.sqlite3"
LOCK_WAIT_SECONDS = 5.0      # how long a job waits for a ledger another program holds
log = logging.getLogger("kefu.ledger.db")

# SQLite's words for what is not damage -> the Chinese reason (what to do follows in ledger_error)
_NOT_DAMAGE = (("locked", "台账正被其他程序占用", "请关闭正在使用台账的程序(或等另一项 kefu 任务结束)后重新运行"),
               ("busy", "台账正被其他程序占用", "请关闭正在使用台账的程序(或等另一项 kefu 任务结束)后重新运行"),
               ("full", "磁盘空间已满", "请清理磁盘空间后重新运行"),
               ("readonly", "没有写入权限", "请检查该文件夹和台账文件的写入权限"),
               ("read-only", "没有写入权限", "请检查该文件夹和台账文件的写入权限"),
               ("unable to open", "没有写入权限或无法打开", "请检查 config.ini [paths] data 指向的文件夹及其写入权限"),
               ("i/o error", "读写磁盘出错", "请检查磁盘、U 盘或网络共享后重新运行"))


def ledger_error(path: Path, exc: sqlite3.Error) -> OutputError | None:
    """The OutputError for a failure that is not damage (locked, disk full, read-only ...), else None."""
    text = f"{exc} {getattr(exc, 'sqlite_errorname', '')}".lower()
    if "i/o error" in text and _nearly_full(path.parent):
        text = "full"   # SQLite says "disk I/O error" when the -wal/-shm file cannot grow on a full disk
    for word, reason, todo in _NOT_DAMAGE:
        if word in text:
            return OutputError(f"{reason}:无法写入 kefu 的台账《{path.name}》(在文件夹《{path.parent}》中),"
                               f"已有文件都保持原样。{todo}。")
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


class LedgerConnection(sqlite3.Connection):
    """A connection whose locked / full / read-only failures come out as one Chinese OutputError."""

    ledger_path: Path = Path(LEDGER_NAME)
    healthy = False             # passed (or was spared) the integrity check, and no write failed
    wrote = False               # committed something: its close notes the files as kefu left them

    def close(self):
        sqlite3.Connection.close(self)
        if self.healthy and self.wrote:
            _note_checked(self.ledger_path)

    def _call(self, method, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            self.healthy = False    # a run that failed leaves the note as it was (and the ledger checked next time)
            translated = ledger_error(self.ledger_path, exc)
            if translated is None:
                raise
            raise translated from exc

    def execute(self, *args, **kwargs):
        return self._call(sqlite3.Connection.execute, *args, **kwargs)

    def executemany(self, *args, **kwargs):
        return self._call(sqlite3.Connection.executemany, *args, **kwargs)

    def commit(self):
        done = self._call(sqlite3.Connection.commit)
        self.wrote = True
        return done

    def __exit__(self, *exc_info):
        done = self._call(sqlite3.Connection.__exit__, *exc_info)
        self.wrote = self.wrote or exc_info[0] is None
        return done


def ledger_path(settings: Settings) -> Path:
    return Path(settings.paths.data) / LEDGER_NAME


def connect(settings: Settings, warnings: list[str] | None = None) -> sqlite3.Connection:
    """Open (or create, or rebuild) the ledger. A rebuild appends a Chinese warning to ``warnings``."""
    path = ledger_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建数据文件夹《{path.parent}》({exc.strerror}),请检查 config.ini [paths] data。") from None
    try:
        return _upgraded(_checked(path), path, warnings)
    except sqlite3.OperationalError as exc:   # locked, disk full, read-only: not damage
        raise (ledger_error(path, exc) or OutputError(
            f"无法打开 kefu 的台账《{path}》({exc}),已有文件都保持原样。请把这条信息发给负责安装的同事。")) from None
    except sqlite3.DatabaseError:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        broken = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        _move_aside(path, broken)
        message = f"kefu 的台账文件已损坏,已移到《{broken.name}》并重新建立;以前的记录需从备份恢复。"
        log.warning(message)
        if warnings is not None:
            warnings.append(message)
        return _open(path)


def _upgraded(conn: sqlite3.Connection, path: Path, warnings: list[str] | None) -> sqlite3.Connection:
    """``conn`` once a ledger of an earlier kefu is upgraded in place (``ledger.migrate``)."""
    try:
        migrate.upgrade(conn, path, warnings)
    except BaseException:
        conn.close()
        raise
    return conn


def require_writable(settings: Settings, warnings: list[str] | None = None) -> None:
    """Make sure the ledger can be written now (not locked, not read-only, the disk not full), before a
    job writes any output: else OutputError, and nothing was written."""
    conn = connect(settings, warnings)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def open_if_healthy(settings: Settings) -> sqlite3.Connection | None:
    """The ledger, open, when it exists and passes SQLite's quick check; else None, and nothing is created,
    moved or changed: a job may ask before it knows it will run at all (the daily check does, to read the
    ledger while the register is being read)."""
    path = ledger_path(settings)
    if not path.is_file():
        return None
    try:
        return _checked(path)
    except (sqlite3.Error, OutputError):
        return None


def _move_aside(path: Path, broken: Path) -> None:
    """Move a damaged ledger (and its -wal / -shm files) aside."""
    try:
        path.replace(broken)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                side.replace(broken.with_name(broken.name + extra))
    except OSError as exc:
        raise OutputError(f"kefu 的台账《{path}》已损坏,但无法移开({exc.strerror}),已有文件都保持原样。"
                          f"请检查文件夹《{path.parent}》的写入权限。") from None


def _checked(path: Path) -> LedgerConnection:
    """Open the ledger at ``path``; sqlite3.DatabaseError (the handle closed) when it fails the quick check
    (not run when the files are as a healthy kefu connection left them)."""
    unchanged = _files_note(path) == _read_note(path)
    conn = _open(path)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        if not unchanged and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
    except BaseException:
        conn.close()
        raise
    conn.healthy = True
    return conn


def _files_note(path: Path) -> str | None:
    """Size and modification time of the ledger and its -wal file, as one text (None: no ledger)."""
    parts = []
    for side in (path, path.with_name(path.name + "-wal")):
        try:
            st = side.stat()
        except OSError:
            if side == path:
                return None
            continue
        parts.append(f"{side.name}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


def _read_note(path: Path) -> str | None:
    try:
        return path.with_name(path.name + ".checked").read_text(encoding="utf-8")
    except OSError:
        return None


def _note_checked(path: Path) -> None:
    note, target = _files_note(path), path.with_name(path.name + ".checked")
    try:
        if note is None:
            target.unlink(missing_ok=True)
        elif _read_note(path) != note:
            target.write_text(note, encoding="utf-8")
    except OSError:
        pass                    # no note: the next start checks the ledger, nothing else changes


def _open(path: Path) -> LedgerConnection:
    # one connection per job, which may write on a thread of its own (never two threads at once)
    conn = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS, check_same_thread=False, factory=LedgerConnection)
    conn.ledger_path = Path(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn
