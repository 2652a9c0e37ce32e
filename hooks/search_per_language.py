"""MkDocs adapter: one Material search index per language (see :mod:`casebook.search`).

English pages get ``en/`` as their base URL, so Material's search loads
``en/search/search_index.json``; after each language's build that file is written with
that language's entries only. Material writes the root ``search/search_index.json`` in every
language's build; the default language's is rewritten last, since its ``post_build`` runs
after the other languages' builds have finished (nested, or forked and waited for).
Depends on Material's search internals (pinned ~9.8 and covered by browser tests).
"""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from casebook.search import (
    ACCENT_FOLDING_JS,
    entries_for,
    index_document,
)
from casebook.vocabularies import language_prefix

_building: list[str] = []
"""Languages of the builds under way: mkdocs-static-i18n nests the English build inside the
French one and does not restore ``current_language`` afterwards, so each build records its
own language when it starts."""


def _i18n(config: MkDocsConfig):
    return config.plugins["i18n"]


@event_priority(-200)  # after mkdocs-static-i18n has set the build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _building.append(_i18n(config).current_language)
    return config


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    i18n = _i18n(config)
    prefix = language_prefix(_building[-1], i18n.default_language)
    if prefix:
        context["base_url"] = _base_url(prefix.rstrip("/"), posixpath.dirname(page.url) or ".")
    return context


@cache  # one per folder, asked by every page
def _base_url(root: str, folder: str) -> str:
    return posixpath.relpath(root, folder)


@event_priority(-200)  # after mkdocs-static-i18n (-100) and the language builds (-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = _i18n(config)
    search = config.plugins.get("material/search") or config.plugins["search"]
    language, default = _building.pop(), i18n.default_language
    entries = entries_for(search.search_index.entries, language, default, i18n.all_languages)
    settings = {key: search.config[key] for key in ("separator", "pipeline", "fields")}
    target = (
        Path(config.site_dir) / language_prefix(language, default) / "search" / "search_index.json"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    document = index_document(entries, language, settings)
    target.write_text(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    _patch_workers(config)


def _patch_workers(config: MkDocsConfig) -> None:
    """Append accent folding to the theme's search worker, from the theme's own copy.

    Every language's build copies the worker into the shared ``assets/``; writing the
    patched file from the theme's source (never from the site's copy) gives the same bytes
    whichever build writes last, even when the languages are built side by side.
    """
    workers = "assets/javascripts/workers"
    patched: set[str] = set()
    for folder in config.theme.dirs:  # in MkDocs' order: the first file of a name wins
        for source in sorted((Path(folder) / workers).glob("search.*.min.js")):
            target = Path(config.site_dir) / workers / source.name
            if source.name not in patched and target.is_file():
                patched.add(source.name)
                target.write_text(
                    source.read_text(encoding="utf-8") + "\n" + ACCENT_FOLDING_JS,
                    encoding="utf-8",
                )
