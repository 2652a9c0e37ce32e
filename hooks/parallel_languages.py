"""MkDocs adapter: build the other languages in forked processes, alongside the default one.

mkdocs-static-i18n builds languages one after the other: the English site is a second full
build, run from the French build's ``post_build``. The two builds share nothing but the
checked, staged content, so once the French build has cleaned the site folder (``on_files``),
this hook forks one process per other language. Each child runs the same nested build the
plugin would have run, into its own folder (``en/``), then exits with its status; the
parent builds French, waits, and fails if a child failed. On two cores this nearly halves
the build (see ``benchmarks/build.py``); the output is byte-identical to a sequential build
(``tests/test_quality.py``).

Sequential whenever forking is unavailable or unwise (:func:`casebook.processes.jobs`):
``CASEBOOK_BUILD_JOBS=1``, a single CPU, no ``os.fork`` (Windows), ``mkdocs serve`` (a
threaded server), or a nested build.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal

from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from casebook import processes

log = logging.getLogger("mkdocs.hooks.parallel_languages")

_command: list[str] = []
_children: dict[int, tuple[str, int]] = {}
"""Forked language builds under way: process id → (language, end of its result pipe)."""
_plugin: list = []
"""The mkdocs-static-i18n plugin whose ``building`` flag the forks have set."""


def on_startup(*, command: str, dirty: bool) -> None:
    _command[:] = [command]


def _parallel(i18n) -> bool:
    return (
        not i18n.building
        and not _children
        and processes.jobs(_command[0] if _command else None) > 1
        and len(i18n.build_languages) > 1
    )


class _NestedBuildLog(logging.Filter):
    """Drop the lines a nested build repeats (mkdocs-static-i18n filters the same ones)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(
            ("Documentation built in", "Building documentation to directory")
        )


def _build_language(config: MkDocsConfig, i18n, language: str) -> bytes:
    """In a child: what mkdocs-static-i18n's ``on_post_build`` does for one language."""
    i18n.current_language = language
    i18n.building = True
    utils.clean_directory = lambda directory: None  # the parent has cleaned the site folder
    logging.getLogger("mkdocs.commands.build").addFilter(_NestedBuildLog())
    try:
        build(config, dirty=False)
    except Abort as error:  # MkDocs has logged why (strict warnings, a BuildError)
        raise SystemExit(1) from error
    finally:
        logging.shutdown()
    return b""


@event_priority(100)  # first, so the children start as early as possible
def on_files(files, *, config: MkDocsConfig):
    i18n = config.plugins["i18n"]
    if not _parallel(i18n):
        return files
    for language in i18n.build_languages:
        if language == i18n.current_language:
            continue
        log.info(
            "Building '%s' in a forked process, alongside '%s'", language, i18n.current_language
        )
        pid, result = processes.start(
            lambda language=language: _build_language(config, i18n, language)
        )
        _children[pid] = (language, result)
    i18n.building = True  # the plugin's post_build must not build these languages again
    _plugin[:] = [i18n]
    return files


def _wait() -> list[str]:
    """Reap every child; the languages whose build failed."""
    failed = []
    for pid, (language, result) in list(_children.items()):
        try:
            processes.finish(pid, result)
        except ChildProcessError:
            failed.append(language)
        del _children[pid]
    for i18n in _plugin:
        i18n.building = False
    _plugin.clear()
    return failed


@event_priority(-150)  # after mkdocs-static-i18n's post_build (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not _children:
        return
    failed = _wait()
    if failed:
        raise Abort(f"Aborted: the {', '.join(failed)} build failed (see the messages above)")


def on_build_error(*, error: Exception) -> None:
    """The parent's build failed: stop the children rather than leave them writing."""
    for pid in list(_children):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    _wait()
