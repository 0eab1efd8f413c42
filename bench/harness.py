"""Measure a piece of work in a fresh Python process.

Each repeat runs in its own subprocess, so nothing is shared between contenders (no warm caches inside
the interpreter, no memory left over from an earlier contender). Inside the child:

1. ``REPO/scripts`` is put on ``sys.path``;
2. ``setup`` runs (imports — not timed);
3. the work runs between two ``time.perf_counter()`` calls;
4. the child reports the elapsed seconds and its peak RSS (``ru_maxrss`` on Linux/macOS,
   ``psutil``'s ``peak_wset`` on Windows) as one JSON line on stdout.

Peak RSS is the whole process's high-water mark, so it includes the interpreter and the imports done
in ``setup`` — the same baseline for every contender, which is why the benches print ratios against a
floor measured in the same run rather than absolute figures.

Time is the best of ``repeats`` runs (least disturbed by other load); memory is the largest seen.
"""
from __future__ import annotations

import inspect
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

REPO = Path(__file__).resolve().parent.parent
_MARK = "@@kefu-bench@@"

_CHILD = r'''
import json, sys, time
sys.path.insert(0, {scripts!r})
{setup}
{load}
def _peak_mb():
    if sys.platform == "win32":
        import psutil
        return psutil.Process().memory_info().peak_wset / 2**20
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux
_t0 = time.perf_counter()
{work}
_elapsed = time.perf_counter() - _t0
try:
    _summary = repr(_result)[:200]
except NameError:
    _summary = None
print({mark!r} + json.dumps({{"seconds": _elapsed, "peak_mb": _peak_mb(), "result": _summary}}))
'''


@dataclass(frozen=True)
class Measurement:
    """Best time and peak memory over the repeats; unpacks as ``seconds, peak_mb``."""

    seconds: float
    peak_mb: float
    result: str | None = None  # repr of what the work returned (truncated), for sanity checks

    def __iter__(self) -> Iterator[float]:
        return iter((self.seconds, self.peak_mb))


class BenchError(RuntimeError):
    """The child process failed; carries its stderr."""


def _indent(code: str) -> str:
    return inspect.cleandoc(code) if code else "pass"


def child_source(target: str | Callable[..., Any], *args: Any, setup: str = "") -> str:
    """The script the child runs. ``target`` is a snippet or a module-level function.

    A snippet may set ``_result``. A function is loaded from its file (its module's top level runs
    during setup, untimed) and called with ``args`` (JSON-serialisable); its return value is reported.
    """
    if callable(target):
        file = Path(inspect.getfile(target)).resolve()
        name = target.__qualname__
        if "." in name:
            raise ValueError(f"{name}: only module-level functions can run in a child process")
        load = (
            "import importlib.util as _u\n"
            f"_spec = _u.spec_from_file_location('_bench_target', {str(file)!r})\n"
            "_mod = _u.module_from_spec(_spec); sys.modules['_bench_target'] = _mod\n"
            "_spec.loader.exec_module(_mod)\n"
            f"_fn = getattr(_mod, {name!r}); _args = json.loads({json.dumps(list(args))!r})"
        )
        work = "_result = _fn(*_args)"
    else:
        if args:
            raise ValueError("arguments are only passed to functions; put values into the snippet")
        load, work = "", _indent(target)
    return _CHILD.format(scripts=str(REPO / "scripts"), setup=_indent(setup), load=load, work=work,
                         mark=_MARK)


def run_once(target: str | Callable[..., Any], *args: Any, setup: str = "",
             timeout: float | None = 1800) -> Measurement:
    """One fresh child process, one measurement."""
    source = child_source(target, *args, setup=setup)
    proc = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, cwd=REPO)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(_MARK)]
    if proc.returncode != 0 or not lines:
        raise BenchError(f"child exited with {proc.returncode}:\n{proc.stderr.strip()[-4000:]}")
    data = json.loads(lines[-1][len(_MARK):])
    return Measurement(data["seconds"], data["peak_mb"], data["result"])


def measure(target: str | Callable[..., Any], *args: Any, setup: str = "", repeats: int = 3,
            timeout: float | None = 1800) -> Measurement:
    """Best time and max peak RSS over ``repeats`` fresh child processes."""
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    runs = [run_once(target, *args, setup=setup, timeout=timeout) for _ in range(repeats)]
    return Measurement(min(r.seconds for r in runs), max(r.peak_mb for r in runs), runs[-1].result)


def ratio_line(label: str, contender: Measurement, floor: Measurement) -> str:
    """``reader: 2.10 s / 1.85 s = 1.14x time, 410 MB / 380 MB = 1.08x memory``"""
    return (f"{label}: {contender.seconds:.2f} s / {floor.seconds:.2f} s = "
            f"{contender.seconds / floor.seconds:.2f}x time, "
            f"{contender.peak_mb:.0f} MB / {floor.peak_mb:.0f} MB = "
            f"{contender.peak_mb / floor.peak_mb:.2f}x memory")


def format_table(rows: Iterable[tuple[str, Measurement]], floor: Measurement) -> str:
    """A plain-text table: name, seconds, peak MB, ratios to the floor."""
    rows = list(rows)
    width = max([len("name")] + [len(name) for name, _ in rows])
    out = [f"{'name':<{width}}  {'seconds':>8}  {'peak MB':>8}  {'x time':>7}  {'x memory':>8}"]
    for name, m in rows:
        out.append(f"{name:<{width}}  {m.seconds:>8.3f}  {m.peak_mb:>8.1f}  "
                   f"{m.seconds / floor.seconds:>6.2f}x  {m.peak_mb / floor.peak_mb:>7.2f}x")
    return "\n".join(out)


def print_table(rows: Iterable[tuple[str, Measurement]], floor: Measurement) -> None:
    print(format_table(rows, floor))
