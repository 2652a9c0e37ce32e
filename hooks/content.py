"""MkDocs adapter: check all content before anything is rendered, then build the staged tree.

The logic lives in :mod:`casebook`; this file only connects it to MkDocs events. It runs
once per language build (mkdocs-static-i18n rebuilds for English), so the checked
content is cached for as long as no source file changes.
"""

from __future__ import annotations

import atexit
import logging
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from casebook import processes, staging
from casebook.content import Casebook, load
from casebook.problems import ContentError

log = logging.getLogger("casebook")  # outside "mkdocs.": a report, not a --strict failure

_cache: dict[tuple, Casebook] = {}
_targets: dict[Path, Path] = {}
"""Each project's staging folder, chosen once: a forked language build (see
hooks/parallel_languages.py) inherits it, and so reuses the staged tree."""


def _signature(root: Path) -> tuple:
    """What the content depends on: every source file's name, size and modification time."""
    paths = [
        p
        for folder in ("cases", "cahiers", "glossary", "docs")
        for p in (root / folder).rglob("*")
        if p.is_file()
    ]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


_command: list[str] = []
"""The MkDocs command (see :data:`casebook.processes.FORKING_COMMANDS`)."""


def on_startup(*, command: str, dirty: bool) -> None:
    _command[:] = [command]


def checked_content(root: Path) -> Casebook:
    signature = _signature(root)
    if signature not in _cache:
        _cache.clear()
        try:
            book = load(root)
        except ContentError as error:
            raise PluginError(str(error)) from None
        for problem in book.warnings:
            log.warning("%s", problem)
        _cache[signature] = book
    return _cache[signature]


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    book = checked_content(root)
    if root not in _targets:
        _targets[root] = staging.staging_dir(root)
        atexit.register(shutil.rmtree, _targets[root], ignore_errors=True)
    target, site_url = _targets[root], config.site_url or "/"
    if not staging.holds(target, book, site_url):  # the English build reuses the French staging
        staging.stage(
            book, target, site_url, jobs=processes.jobs(_command[0] if _command else None)
        )
    config.docs_dir = str(target)  # other adapters find the content with staging.staged_book
    return config
