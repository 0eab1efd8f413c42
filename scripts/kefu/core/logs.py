"""Log files under [paths] logs, rotated daily, kept for [schedule] log_keep_days days."""
from __future__ import annotations

import logging
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path

from kefu.core.settings import Settings


def setup_logging(settings: Settings, *, name: str = "kefu.log") -> Path:
    folder = Path(settings.paths.logs)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    root = logging.getLogger("kefu")
    if not any(isinstance(h, TimedRotatingFileHandler) and Path(h.baseFilename) == path.resolve()
               for h in root.handlers):
        handler = TimedRotatingFileHandler(path, when="midnight", backupCount=settings.schedule.log_keep_days,
                                           encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
