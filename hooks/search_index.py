"""MkDocs adapter: Material's search index, one per language, pages cut by the casebook.

mkdocs-static-i18n merges every language into one index; here each language's build
writes an index of its own pages only (:mod:`casebook.search`). English pages get
``en/`` as their base URL, so Material's search loads ``en/search/search_index.json``.

Material's search plugin cuts every page into sections with a subclass of Python's
``html.parser``: about a fifth of the build at 1,000 cases. :func:`casebook.search.sections`
applies the same rules, about 2.5× faster; the entries, the index file and the browser
side are still Material's. ``tests/test_build.py`` checks that both cut every built page
alike, so a Material upgrade that changes its rules fails there.

Material writes ``search/search_index.json`` in every language's build: the index it
serialises is this language's already (one serialisation per build), and this adapter
writes it where the language's pages look for it. The default language's is rewritten
last, since its ``post_build`` runs after the other languages' builds have finished
(nested, or forked and waited for). Depends on Material's search internals (pinned ~9.8
and covered by browser tests).
"""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from casebook.search import ACCENT_FOLDING_JS, entries_for, index_document, sections
from casebook.vocabularies import language_prefix


class LanguageIndex(SearchIndex):
    """Material's index, with sections cut by the casebook, serialised for one language."""

    def __init__(self, language: str, default: str, languages: list[str], **config) -> None:
        super().__init__(**config)
        self.language, self.default, self.languages = language, default, languages
        self.document: str | None = None

    def add_entry_from_context(self, page) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    def generate_search_index(self, prev) -> str:
        if prev:  # mkdocs serve --dirty: Material merges the previous build's entries
            super().generate_search_index(prev)
        entries = entries_for(self.entries, self.language, self.default, self.languages)
        settings = {key: self.config[key] for key in ("separator", "pipeline", "fields")}
        self.document = json.dumps(
            index_document(entries, self.language, settings),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return self.document


_building: list[LanguageIndex] = []
"""The indexes of the builds under way: mkdocs-static-i18n nests the English build inside
the French one, with the same plugins, and does not restore ``current_language`` (nor,
here, the search plugin's index) afterwards, so each build records its own when it starts."""


def _search(config: MkDocsConfig):
    return config.plugins.get("material/search") or config.plugins["search"]


@event_priority(-200)  # after mkdocs-static-i18n and Material's search have set up this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins["i18n"]
    search = _search(config)
    search.search_index = LanguageIndex(
        i18n.current_language, i18n.default_language, list(i18n.all_languages), **search.config
    )
    _building.append(search.search_index)
    return config


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    prefix = language_prefix(_building[-1].language, config.plugins["i18n"].default_language)
    if prefix:
        context["base_url"] = _base_url(prefix.rstrip("/"), posixpath.dirname(page.url) or ".")
    return context


@cache  # one per folder, asked by every page
def _base_url(root: str, folder: str) -> str:
    return posixpath.relpath(root, folder)


@event_priority(-200)  # after mkdocs-static-i18n (-100) and the language builds (-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    index = _building.pop()
    if index.document is None:  # Material wrote no index (search disabled)
        return
    target = (
        Path(config.site_dir)
        / language_prefix(index.language, index.default)
        / "search"
        / "search_index.json"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(index.document, encoding="utf-8")
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
