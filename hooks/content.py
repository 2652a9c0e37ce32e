"""MkDocs adapter: check all content before anything is rendered, then declare its pages.

The logic lives in :mod:`casebook`; this file only connects it to MkDocs events. It runs
once per language build (mkdocs-static-i18n rebuilds for English), so the checked
content is cached for as long as no source file changes.

Cases, cahiers and glossary entries are not in the docs folder: their pages are declared
here as files of it (before mkdocs-static-i18n pairs each page with its translation), and
``hooks/page_sources.py`` gives the pages of the language being built their text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from casebook import staging
from casebook.content import Casebook, load
from casebook.problems import ContentError
from casebook.processes import kept_for_the_process

log = logging.getLogger("casebook")  # outside "mkdocs.": a report, not a --strict failure

_cache: dict[tuple, Casebook] = {}


def _signature(root: Path) -> tuple:
    """What the content depends on: every source file's name, size and modification time
    (one ``stat`` per file, from the directory listing)."""
    found = []
    for folder in ("cases", "cahiers", "glossary", "docs"):
        for where, _, names in os.walk(root / folder):
            for name in names:
                path = os.path.join(where, name)
                info = os.stat(path)
                found.append((path, info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def checked_content(root: Path) -> Casebook:
    signature = _signature(root)
    if signature not in _cache:
        _cache.clear()
        try:
            with kept_for_the_process():
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
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building and _cache:  # another language of this build
        book = next(iter(_cache.values()))
    else:
        book = checked_content(root)
    staging.stage(book, config.docs_dir, config.site_url or "/")
    return config


@event_priority(90)  # before mkdocs-static-i18n (-100) sorts the files by language
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    clashes = []
    for path in staging.staged(config.docs_dir).paths():
        if files.get_file_from_path(path) is not None:
            clashes.append(path)
            continue
        files.append(File(path, config.docs_dir, config.site_dir, config.use_directory_urls))
    if clashes:
        docs = Path(config.docs_dir).name
        raise PluginError(
            "\n".join(
                f"{docs}/{path}:1: file: has the path of a page the engine generates "
                "(expected another name, or the content in cases/, cahiers/ or glossary/)"
                for path in clashes
            )
        )
    return files
