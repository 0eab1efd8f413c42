"""Where the survey outputs go (written atomically through kefu.core.atomic)."""
from __future__ import annotations

from pathlib import Path

from kefu.core.settings import Settings

OUTPUT_FOLDER = "满意度调查"


def output_dir(settings: Settings) -> Path:
    return Path(settings.paths.output) / OUTPUT_FOLDER
