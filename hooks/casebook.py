"""The MkDocs adapter: every event the casebook needs, in the order MkDocs runs them.

The logic lives in the :mod:`casebook` package; each event here calls it with what MkDocs
gives. mkdocs-static-i18n builds the languages one after the other, running every event
once per language: each build starts (``on_config``) with a new :class:`Build`, the one
piece of state, which keeps the checked content of the build before it as long as no
source file has changed. ``python -m casebook build`` runs one build per language, side
by side, and names the language of each in ``CASEBOOK_LANGUAGE``; with ``--pdf`` it sets
``CASEBOOK_PDF`` too, and the case and cahier pages link to the PDFs it makes afterwards.

Priorities are given only where mkdocs-static-i18n forces an order; each says why. Every
other event runs at MkDocs' default, after plugins (hooks run after plugins at equal
priority), which for ``on_config`` and ``on_files`` is before mkdocs-static-i18n's
(priority -100).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# MkDocs loads a hook with the hook's folder first on sys.path, where this file would
# shadow the casebook package it adapts: the package is imported from everywhere else.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

from casebook import (
    checks,
    exports,
    glossary,
    localise,
    pages,
    search,
    site,
    sitemaps,
    translations,
)
from casebook.book import FOLDERS, Casebook
from casebook.build import LANGUAGE_VARIABLE, PDF_VARIABLE
from casebook.problems import ContentError

log = logging.getLogger("casebook")  # outside "mkdocs.": a report, not a --strict failure

LINKED_TYPES = ("case", "cahier", "term")
"""Pages whose text the glossary links (the site's hand-written pages are left as written)."""


@dataclass
class Build:
    """What one language's build knows: the checked content, this language's pages, and
    which glossary terms each page uses (for the glossary pages' "used in" lists)."""

    book: Casebook
    signature: tuple
    language: str
    pages: pages.LanguagePages
    matcher: glossary.Matcher
    usage: dict[str, list[str]] = field(default_factory=dict)
    """Term → URL of each case or cahier page using it."""
    users: dict[str, tuple[str, str]] = field(default_factory=dict)
    """URL of each case or cahier page using a term → (page type, title)."""


_build: Build | None = None
"""The build under way (the previous one's content is reused when unchanged)."""


def _signature(root: Path) -> tuple:
    """What the content depends on: every source file's name, size and modification time."""
    return tuple(
        sorted(
            (str(path), path.stat().st_mtime_ns, path.stat().st_size)
            for folder in FOLDERS
            for path in (root / folder).rglob("*")
            if path.is_file()
        )
    )


def _site(config: MkDocsConfig) -> site.Site:
    i18n = config.plugins["i18n"]
    return site.from_i18n(
        Path(config.config_file_path).parent,
        config.site_url or "/",
        config.site_name,
        list(i18n.config.languages),
    )


# --- 1. Configuration: check the content, render this language's pages -------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    i18n = config.plugins["i18n"]
    only = os.environ.get(LANGUAGE_VARIABLE)
    if only and not i18n.building:  # one language of `python -m casebook build`
        i18n.current_language, i18n.building = only, True
    language = i18n.current_language or i18n.default_language
    root = Path(config.config_file_path).parent
    signature = _signature(root)
    if _build is not None and _build.signature == signature:
        book = _build.book
    else:
        try:
            book = checks.load(_site(config))
        except ContentError as error:
            raise PluginError(str(error)) from None
        for problem in book.warnings:
            log.warning("%s", problem)
    states = translations.statuses(book, translations.last_commits(root))
    _build = Build(
        book,
        signature,
        language,
        # `python -m casebook build --pdf` makes the PDFs after the build: only then do the
        # pages link to them.
        pages.LanguagePages(book, language, states, pdf=bool(os.environ.get(PDF_VARIABLE))),
        glossary.matcher_for(book, language),
    )
    return config


# --- 2. Files: declare the generated pages of every language ------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every generated page, in every language, as a file of the docs folder (read from
    memory, ``on_page_read_source``), before mkdocs-static-i18n pairs pages with their
    translations and keeps this build's language."""
    for path in pages.paths(_build.book):
        files.append(File(path, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


# --- 3. Pages: source, meta, glossary links ------------------------------------------------


def on_page_read_source(*, page: Page, config: MkDocsConfig) -> str | None:
    generated = _build.pages.get(page.file.src_uri)
    return None if generated is None else generated.markdown()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page's meta comes ready; a hand-written page shown in another language
    than its own (not yet translated) says so."""
    generated = _build.pages.get(page.file.src_uri)
    if generated is not None:
        page.meta = generated.meta()
        return markdown
    if page.file.locale != _build.language:
        banner = localise.t(
            _build.language,
            "untranslated_banner",
            original=localise.language_name(page.file.locale, _build.language).lower(),
        )
        return f'!!! note ""\n    {banner}\n\n<div lang="{page.file.locale}" markdown="1">\n\n{markdown}\n\n</div>\n'
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Link the glossary's terms, and remember which terms the page uses."""
    info = page.meta.get("casebook") or {}
    if info.get("type") not in LINKED_TYPES:
        return html
    site_ = _build.book.site
    glossary_folder = site_.relative(page.url, site_.prefix(_build.language) + "glossary/")
    result = glossary.link_terms(
        html,
        _build.matcher,
        lambda term_id: f"{glossary_folder}{term_id}.html",
        skip=info["id"] if info["type"] == "term" else None,
        per_section=(config.extra.get("glossary_links") or {}).get(info["type"]) == "section",
    )
    if info["type"] != "term" and result.used:
        table = _build.book.cases if info["type"] == "case" else _build.book.cahiers
        _build.users[page.url] = (info["type"], table[info["id"]].data[_build.language]["title"])
        for term_id in result.used:
            _build.usage.setdefault(term_id, []).append(page.url)
    return result.html


@event_priority(40)  # after mkdocs-static-i18n (50) has pointed the alternates at the twins
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    """Alternates made absolute for the page head (search engines require it) and kept
    relative for the language switcher (``overrides/partials/alternate.html``), so that a
    copy served at another address links to itself; and this language's search index for
    the pages of a language other than the default one."""
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    site_url = config.site_url or "/"
    for alternate in alternates:
        alternate["link"] = urljoin(site_url, alternate["link"])
        target = alternate["link"].removeprefix(site_url)
        alternate["relative"] = _build.book.site.relative(page.url, target) or "./"
        if alternate["lang"] == _build.book.site.default:  # for readers of other languages
            context["x_default"] = alternate["link"]
    context["site_root"] = "../" * page.url.count("/") or "./"
    prefix = _build.book.site.prefix(_build.language)
    if prefix:
        context["base_url"] = posixpath.relpath(
            prefix.rstrip("/"), posixpath.dirname(page.url) or "."
        )
    return context


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Every page is converted: report the glossary terms no page of this language uses,
    and write this language's sitemaps (and, in the default language's build, robots.txt
    the open data and the maps' world), before mkdocs-static-i18n starts another language."""
    book, language, site_dir = _build.book, _build.language, Path(config.site_dir)
    for entry in book.terms.values():
        if entry.translated(language) and entry.id not in _build.usage:
            log.warning(
                "%s:1: usage: no case or cahier uses this term or its aliases (a report, not an error)",
                entry.files[language].path,
            )
    listed = [
        (file.url, {lang: alternate.url for lang, alternate in file.alternates.items()})
        for file in files.documentation_pages()
    ]
    root = book.site.prefix(language).rstrip("/")
    for path, xml in sitemaps.sitemaps(
        listed, config.site_url or "/", root, book.site.default
    ).items():
        _write(site_dir / path, xml)
    if language == book.site.default:
        packed = gzip.compress((site_dir / "sitemap.xml").read_bytes(), mtime=0)
        (site_dir / "sitemap.xml.gz").write_bytes(packed)
        roots = [book.site.prefix(lang).rstrip("/") for lang in book.site.languages]
        _write(site_dir / "robots.txt", sitemaps.robots(config.site_url or "/", roots))
        from casebook import world  # shapely, for the outlines: loaded by this build only

        for path, text in {**exports.downloads(book), **world.assets()}.items():
            _write(site_dir / path, text)
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Each generated page's parts take their markers' places in the written page."""
    generated = _build.pages.get(page.file.src_uri)
    if generated is None:
        return output
    fragments = generated.parts()
    info = page.meta["casebook"]
    if info["type"] == "term":
        fragments["backlinks"] = _backlinks(info["id"], page)
    try:
        return pages.fill(output, fragments)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None


def _backlinks(term_id: str, page: Page) -> str:
    """The "used in" list of a glossary page: each case or cahier using the term."""
    site_ = _build.book.site
    listed = [
        (*_build.users[url], site_.relative(page.url, url)) for url in _build.usage.get(term_id, [])
    ]
    return glossary.backlinks_html(listed, localise.t(_build.language, "used_in")) if listed else ""


def on_template_context(context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page speaks every language of the site (a host serves one for every
    missing address), each with a link to its language's home."""
    if template_name == "404.html":
        site_ = _build.book.site
        # Its language switcher leads to each language's home (mkdocs-static-i18n's
        # alternates are the last page's, or none).
        # Served at any depth, it links by paths from the host's root.
        root = urlsplit(config.site_url or "/").path
        config.extra.alternate = [
            {
                **alternate,
                "link": site_.url(alternate["lang"], "index.html"),
                "relative": f"{root}{site_.prefix(alternate['lang'])}index.html",
            }
            for alternate in config.extra.get("alternate") or []
        ]
        context["site_root"] = root
        context["not_found"] = [
            {
                "lang": language,
                "message": localise.t(language, "not_found"),
                "link": localise.t(language, "not_found_home"),
                "home": f"{root}{site_.prefix(language)}index.html",
            }
            for language in site_.languages
        ]
    return context


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The engine writes the sitemaps (``on_env``); the default language's build writes the
    404 page at the site's root, the others in their folder. An empty output is not
    written (MkDocs logs "Template skipped")."""
    site_ = _build.book.site
    if template_name == "sitemap.xml":
        return ""
    if template_name == "404.html" and _build.language != site_.default:
        _write(Path(config.site_dir) / site_.prefix(_build.language) / "404.html", output_content)
        return ""
    return output_content


# --- 4. After the build: reports and site-wide files ----------------------------------------


@event_priority(-200)  # after mkdocs-static-i18n's post_build (-100), see below
def on_post_build(*, config: MkDocsConfig) -> None:
    """Material's search index, split per language. In the default language's build,
    mkdocs-static-i18n's ``post_build`` runs the other languages' builds, then rewrites
    Material's index with every language: this works from the file Material wrote, never
    from the build state (which the other builds replaced)."""
    site = _build.book.site
    site_dir = Path(config.site_dir)
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        document = json.loads(index.read_text(encoding="utf-8"))
        for language, part in search.split(document, site).items():
            _write(
                site_dir / site.prefix(language) / "search" / "search_index.json",
                json.dumps(part, ensure_ascii=False, separators=(",", ":")),
            )
    _patch_search_workers(config)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _patch_search_workers(config: MkDocsConfig) -> None:
    """Material's search worker, with accent folding appended, from the theme's own copy
    (never from the site's, so that writing it twice gives the same bytes)."""
    workers = "assets/javascripts/workers"
    for folder in reversed(config.theme.dirs):  # the first folder's file of a name wins
        for source in sorted((Path(folder) / workers).glob("search.*.min.js")):
            target = Path(config.site_dir) / workers / source.name
            if target.is_file():
                target.write_text(
                    source.read_text(encoding="utf-8") + "\n" + search.ACCENT_FOLDING_JS,
                    encoding="utf-8",
                )
