"""MkDocs adapter: glossary links with tooltips, backlinks, and the unused-terms report.

Linking is :func:`casebook.glossary.link_terms`, one pass per page, for every page at
once once all are converted (``on_env``), before any is written: glossary pages then get
their "used in" list as they are written (``on_page_context``). State is reset for
each language build (mkdocs-static-i18n runs every event once per language).
"""

from __future__ import annotations

import logging
import posixpath
from collections import defaultdict

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from casebook.content import Casebook
from casebook.glossary import Matcher, backlinks, backlinks_html, link_terms, matcher_for
from casebook.localise import t
from casebook.processes import collector_paused
from casebook.staging import staged_book
from casebook.vocabularies import language_prefix

log = logging.getLogger("casebook")  # a report, not a --strict failure

LINKED_TYPES = ("case", "cahier", "term")
DEFAULT_MODES = {"case": "page", "cahier": "page", "term": "page"}
"""Link a term once per page, or once per h2/h3 section: set ``extra.glossary_links`` in
mkdocs.yml, e.g. ``{cahier: section}``. Once per page keeps long cahiers light (every
link carries a tooltip that Material's script sets up on load)."""

_state: dict = {}


def _book(config: MkDocsConfig) -> Casebook:
    return _state["book"]


def on_pre_build(*, config: MkDocsConfig) -> None:
    _state.clear()
    _state["usage"] = defaultdict(dict)
    _state["book"] = staged_book(config.docs_dir)


def _kind(page: Page) -> tuple[str, str] | None:
    info = page.meta.get("casebook") or {}
    if info.get("type") in LINKED_TYPES:
        return info["type"], info["id"]
    return None


def _matcher(book: Casebook, language: str) -> Matcher:
    key = ("matcher", id(book), language)
    if key not in _state:
        _state[key] = matcher_for(book, language)
    return _state[key]


@event_priority(10)  # every page converted, none written yet; before page_sources (0)
def on_env(env, *, config: MkDocsConfig, files: Files):
    """Link every page of this build in one go: between pages converted one by one, the
    Markdown conversion pushes the compiled patterns out of the processor's caches, and
    linking costs about 1.7 times what it does when the pages follow each other."""
    book = _book(config)
    default = config.plugins["i18n"].default_language
    modes = {**DEFAULT_MODES, **(config.extra.get("glossary_links") or {})}
    with collector_paused():  # short-lived lists per page, and a heap of every page
        for file in files.documentation_pages():
            page = file.page
            kind = _kind(page) if page is not None and page.content is not None else None
            if kind is not None:
                page.content = _linked(page, kind, book, default, modes)
    return env


def _linked(page: Page, kind: tuple[str, str], book: Casebook, default: str, modes: dict) -> str:
    page_type, page_id = kind
    language = _state["language"] = page.file.locale
    url = page.url
    glossary = _glossary_folder(posixpath.dirname(url) or ".", language_prefix(language, default))
    result = link_terms(
        page.content,
        _matcher(book, language),
        lambda term_id: f"{glossary}{term_id}.html",
        skip=page_id if page_type == "term" else None,
        per_section=modes[page_type] == "section",
    )
    if page_type in ("case", "cahier"):
        usage = _state["usage"]
        for term_id in result.used:
            usage[term_id][url] = (page_type, page_id)
    return result.html


def _glossary_folder(folder: str, prefix: str) -> str:
    """The glossary's folder from a page's folder (the same for every case: computed once)."""
    key = ("glossary-folder", folder, prefix)
    if key not in _state:
        relative = posixpath.relpath(f"{prefix}glossary", folder)
        _state[key] = "" if relative == "." else relative + "/"
    return _state[key]


@event_priority(60)  # before the search plugin indexes the page
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    kind = _kind(page)
    if kind is None or kind[0] != "term":
        return context
    usage = _state["usage"].get(kind[1], {})
    ordered, position = _backlinks(page, _book(config))
    users = [ordered[index] for index in sorted(position[url] for url in usage)]
    if users:
        listing = backlinks_html(users, t(page.file.locale, "used_in"))
        marker = '<section class="cb-sources"'
        page.content = (
            page.content.replace(marker, listing + marker, 1)
            if marker in page.content
            else page.content + listing
        )
    return context


def _backlinks(page: Page, book: Casebook) -> tuple[list[str], dict[str, int]]:
    """Every page that uses a term, as "used in" lists show them from ``page``'s folder,
    and each one's place in that order: a glossary page sorts only its own users' places
    (a few hundred), rather than test every user of every term."""
    folder = posixpath.dirname(page.url) or "."
    key = ("backlinks", folder)
    if key not in _state:
        users: dict[str, tuple[str, str]] = {}
        for pages in _state["usage"].values():
            users.update(pages)
        ordered = backlinks(users, book, page.file.locale, folder)
        _state[key] = [link for _, link in ordered], {url: i for i, (url, _) in enumerate(ordered)}
    return _state[key]


def on_post_build(*, config: MkDocsConfig) -> None:
    book = _book(config)
    used = set(_state.get("usage", {}))
    language = _state.get("language")
    for entry in book.terms.values():
        if language in entry.files and entry.id not in used:
            log.warning(
                "%s:1: usage: no case or cahier uses this term or its aliases (a report, not an error)",
                entry.files[language].path,
            )
