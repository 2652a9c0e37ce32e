"""Translation status: is each page's translation missing, or older than its source?

"Changed" means "last committed": the dates come from the repository's history (one
``git log`` for the whole content), so two builds of one commit agree. Outside a git
checkout every status but "missing" is "unknown" rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .book import FOLDERS, Casebook, Entry


def last_commits(root: Path) -> dict[str, int]:
    """Path (relative to ``root``) → time of the last commit that changed it."""
    try:
        output = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--", *FOLDERS],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = _repo_prefix(root)
    times: dict[str, int] = {}
    stamp = 0
    for line in output.splitlines():
        if line.startswith("\x00"):
            stamp = int(line[1:])
        elif line.strip():
            path = line.strip()
            if prefix and path.startswith(prefix):
                path = path[len(prefix) :]
            times.setdefault(path, stamp)
    return times


def _repo_prefix(root: Path) -> str:
    try:
        prefix = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return prefix


STATES = ("current", "outdated", "missing", "unknown")
"""A translation's states, in the order the translation status page lists them."""


@dataclass
class Status:
    entry: Entry
    language: str
    state: str  # one of STATES
    source_changed: str | None
    translation_changed: str | None


def _date(stamp: int | None) -> str | None:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat() if stamp else None


def statuses(book: Casebook, times: dict[str, int]) -> list[Status]:
    """Every translation of every page, in every language but the default one."""
    out = []
    default = book.site.default
    for entry in book.entries():
        source = entry.files.get(default)
        if source is None:
            continue
        source_date = _date(times.get(source.path))
        for language in book.site.others:
            file = entry.files.get(language)
            if file is None:
                out.append(Status(entry, language, "missing", source_date, None))
                continue
            reviewed = entry.written.get(language) or ""
            checked = max(_date(times.get(file.path)) or "", reviewed) or None
            if source_date is None or checked is None:
                state = "unknown"
            elif source_date > checked:  # ISO dates compare as text; same-day edits are current
                state = "outdated"
            else:
                state = "current"
            out.append(Status(entry, language, state, source_date, checked))
    return out
