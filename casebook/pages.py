"""The site's generated pages: checked content turned into Markdown, meta and HTML parts.

Cases, cahiers and glossary entries live outside MkDocs' docs folder; their pages, and the
list pages (explorer, timeline, comparison, indexes, translation status), are rendered
here, for one language at a time, and handed to MkDocs from memory by the adapter
(``hooks/casebook.py``): nothing is written to disk, and MkDocs never parses a front
matter the engine wrote, since each page's meta comes ready.

A page's Markdown holds what readers read (summary, body, "reproduce it" section), which
MkDocs converts and the glossary links. Fact sheets, maps, citations and lists are HTML
rendered here from validated data: the Markdown holds a marker where each goes
(:func:`marker`) and :func:`fill` puts them in the written page, so Markdown, the glossary
linker and the search index never see them.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import exports, finding, localise, render
from .book import GENERATED, Casebook, Entry
from .checks import RESERVED_MARKER
from .exports import REPRODUCE_GROUPS
from .site import Site
from .translations import STATES, Status

CASE_SEARCH_BOOST = 2
"""Cases answer practitioners' questions; on equal match they rank above other pages."""


@dataclass
class Page:
    """A generated page, rendered when MkDocs asks for it: its Markdown and meta when MkDocs
    reads it, its HTML parts when MkDocs writes it (nothing is kept in between)."""

    markdown: Callable[[], str]
    meta: Callable[[], dict[str, Any]]
    parts: Callable[[], dict[str, str]] = dict


MARKERS = re.compile(re.escape(RESERVED_MARKER) + r"([a-z]+) -->")


def marker(name: str) -> str:
    """Where a part goes; content checks refuse the start of it in contributed text."""
    return f"{RESERVED_MARKER}{name} -->"


def fill(page_html: str, fragments: dict[str, str]) -> str:
    """The written page with each part in its marker's place, in one pass.

    Each marker is there exactly once; if one is not, the page is broken and this says
    so, rather than drop a fact sheet silently."""
    pieces, last, placed = [], 0, []
    for found in MARKERS.finditer(page_html):
        if found[1] in fragments:
            pieces += [page_html[last : found.start()], fragments[found[1]]]
            last = found.end()
            placed.append(found[1])
    wrong = [name for name in fragments if placed.count(name) != 1]
    if wrong:
        raise ValueError(
            ", ".join(f"{marker(n)} is in the page {placed.count(n)} times" for n in wrong)
            + ", not once"
        )
    return "".join([*pieces, page_html[last:]])


def _meta(title: str, description: str, casebook: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Titles and descriptions go to templates that print them raw, in text and in
    attributes (Material's ``<title>``, ``<meta name="description">``): escaped here."""
    escaped = {
        "title": html.escape(title, quote=True),
        "description": html.escape(description, quote=True),
    }
    return {**escaped, **more, "casebook": casebook}


def _blocks(*blocks: str) -> str:
    return "\n\n".join(block for block in blocks if block) + "\n"


def markdown_text(text: str) -> str:
    """Plain text inside generated Markdown: escape what Markdown or HTML would interpret."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _body(entry: Entry, language: str, site: Site) -> str:
    """The page's body; a page not yet translated shows the default language's, marked as
    such (its language, for screen readers and search engines, and a banner)."""
    body, written_in = entry.body(language, site.default)
    if written_in == language:
        return body.strip()
    banner = localise.t(
        language,
        "untranslated_banner",
        original=localise.language_name(written_in, language).lower(),
    )
    return (
        f'<div class="admonition note cb-untranslated" role="note"><p>{html.escape(banner)}</p></div>\n\n'
        f'<div lang="{written_in}" markdown="1">\n\n{body.strip()}\n\n</div>'
    )


def _lead(entry: Entry, text: str, language: str, site: Site, *, definition: bool = False) -> str:
    """What the page opens with (its summary, or a term's definition), in the Markdown so
    that the glossary links its terms; the print button follows it, as a part."""
    lang = None if entry.translated(language) else site.default
    return render.fragment("lead.html", language, text=text, lang=lang, definition=definition)


def case_page(entry: Entry, pages: LanguagePages) -> Page:
    book, language, site = pages.book, pages.language, pages.book.site
    data = entry.data[language]

    def meta() -> dict[str, Any]:
        jsonld = exports.case_jsonld(entry, language, site)
        return _meta(
            data["title"],
            data["summary"],
            {"type": "case", "id": entry.id, "jsonld": jsonld},
            tags=[localise.vocabulary("theme", key, language) for key in data["themes"]],
            search={"boost": CASE_SEARCH_BOOST},
        )

    def markdown() -> str:
        brief = localise.t(language, "brief_case") if data["brief"] else ""
        return _blocks(
            pages.banner(entry),
            _lead(entry, data["summary"], language, site),
            marker("actions"),
            f'<p class="cb-brief">{html.escape(brief)}</p>' if brief else "",
            marker("facts"),
            marker("map"),
            _body(entry, language, site),
            reproduce_section(entry, book, language),
            marker("sources"),
            marker("cite"),
        )

    def parts() -> dict[str, str]:
        record = pages.records_by_id[entry.id]
        found = {
            "actions": pages.actions(entry),
            "facts": render.case_facts(data, language),
            "map": finding.case_map(record, language, f"{pages.root}assets/"),
            "sources": render.bibliography(data, language),
            "cite": render.fragment(
                "cite.html", language, cite=exports.citation(entry, language, site)
            ),
        }
        return found

    return Page(markdown, meta, parts)


def reproduce_section(entry: Entry, book: Casebook, language: str) -> str:
    """A case's "reproduce it" advice, as Markdown: in the page's table of contents, read
    by the glossary linker and the search index like the rest of the body. Each piece
    names the source that supports it, or is marked as the casebook's reading."""
    data = entry.data[language]
    advice = data.get("reproduce")
    if not advice:
        return ""

    def t(key: str, **values: object) -> str:
        return localise.t(language, key, **values)

    sources = {s["id"]: s for s in data["sources"]}
    lines = [f"## {t('reproduce_title')} {{#reproduce}}", ""]
    original = "" if entry.translated(language) else f' lang="{book.site.default}"'
    lines += [f'<div class="cb-reproduce"{original} markdown="1">', "", t("reproduce_intro"), ""]
    for group in REPRODUCE_GROUPS:
        lines += [f"### {t('reproduce_' + group)} {{#reproduce-{group.replace('_', '-')}}}", ""]
        for item in advice[group]:
            if item.get("source"):
                cited = sources[item["source"]]
                who = markdown_text(render.source_label(cited, language))
                basis = f"[{t('advice_source', source=who)}](#source-{item['source']})"
            else:
                basis = f"*{t('advice_reading')}*"
            lines.append(f"- {markdown_text(item['text'])} ({basis})")
        lines.append("")
    links = ", ".join(
        f"[{markdown_text(book.cahiers[cahier].data[language]['title'])}](../cahiers/{cahier}.md)"
        for cahier in advice["cahiers"]
    )
    return "\n".join([*lines, f"**{t('reproduce_cahiers')}** {links}", "", "</div>"])


def _links(
    entry: Entry, targets: dict[str, Entry], ids: list[str], section: str, label: str, language: str
) -> list[dict[str, str]]:
    """Links from a page to the entries it names (a cahier's cases, a term's related terms)."""
    prefix = "" if entry.section == section else f"../{section}/"
    return [
        {"href": f"{prefix}{i}.html", "title": targets[i].data[language][label]}
        for i in ids
        if i in targets
    ]


def cahier_page(entry: Entry, pages: LanguagePages) -> Page:
    book, language = pages.book, pages.language
    data = entry.data[language]

    def facts() -> str:
        cases = _links(entry, book.cases, data["cases"], "cases", "title", language)
        return render.fragment("cahier_facts.html", language, cahier=data, cases=cases)

    lead = _lead(entry, data["summary"], language, book.site)
    return _entry_page(entry, pages, lead, facts, data["title"], data["summary"], printable=True)


def term_page(entry: Entry, pages: LanguagePages) -> Page:
    book, language = pages.book, pages.language
    data = entry.data[language]

    def facts() -> str:
        related = _links(entry, book.terms, data["related"], "glossary", "term", language)
        equivalents = term_equivalents(entry, book.site, language)
        return render.fragment(
            "term_facts.html", language, term=data, equivalents=equivalents, related=related
        )

    lead = _lead(entry, data["short"], language, book.site, definition=True)
    return _entry_page(entry, pages, lead, facts, data["term"], data["short"], backlinks=True)


def _entry_page(
    entry: Entry,
    pages: LanguagePages,
    lead: str,
    facts: Callable[[], str],
    title: str,
    description: str,
    *,
    printable: bool = False,
    backlinks: bool = False,
) -> Page:
    """A cahier's or a term's page: summary, fact sheet, body, ("used in"), sources. The
    "used in" list of a term is the adapter's to fill: it knows which pages use the term."""
    language, site = pages.language, pages.book.site

    def markdown() -> str:
        return _blocks(
            pages.banner(entry),
            lead,
            marker("actions") if printable else "",
            marker("facts"),
            _body(entry, language, site),
            marker("backlinks") if backlinks else "",
            marker("sources"),
        )

    def parts() -> dict[str, str]:
        found = {"facts": facts(), "sources": render.bibliography(entry.data[language], language)}
        return {**found, "actions": pages.actions(entry)} if printable else found

    return Page(
        markdown, lambda: _meta(title, description, {"type": entry.kind, "id": entry.id}), parts
    )


def pdf_paths(entry: Entry) -> dict[str, str]:
    """The PDFs made of a case or a cahier (``python -m casebook build --pdf``), by role,
    as site paths without the language's folder: beside the page, so that the page links
    to them by file name. A cahier also has its course pack (the cahier and its cases)."""
    paths = {"pdf": f"{entry.site_path}.pdf"}
    if entry.kind == "cahier":
        paths["pack"] = f"{entry.site_path}-pack.pdf"
    return paths


def term_equivalents(entry: Entry, site: Site, language: str) -> list[tuple[str, str]]:
    """The term in the site's other languages it is translated into, then its equivalents
    in other languages (Portuguese…)."""
    pairs = [
        (other, entry.data[other]["term"])
        for other in site.languages
        if other != language and entry.translated(other)
    ]
    equivalents = entry.data[site.default]["equivalents"]
    return pairs + [
        (code, word)
        for code, word in sorted(equivalents.items())
        if code != language and not entry.translated(code)
    ]


def cahier_index(book: Casebook, language: str) -> str:
    """The cahiers in their order, each with its summary and duration (the page's
    introduction is the index's own, :data:`INDEXES`)."""
    lines = []
    for entry in sorted(book.cahiers.values(), key=lambda e: e.data[language]["number"]):
        data = entry.data[language]
        number = localise.t(language, "cahier_number", n=data["number"])
        lines.append(
            f"- **{number}** · [{markdown_text(data['title'])}]({entry.stem}.md) — "
            f"{markdown_text(data['summary'])} ({localise.duration(data['duration_minutes'], language)})"
        )
    return "\n".join(lines) + "\n"


def glossary_index(book: Casebook, language: str) -> str:
    site = book.site
    entries = sorted(book.terms.values(), key=lambda e: localise.sort_key(e.data[language]["term"]))
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(localise.sort_key(entry.data[language]["term"])[:1].upper(), []).append(
            entry
        )
    equivalent_codes = sorted(
        {code for e in entries for code in e.data[site.default]["equivalents"]}
        - set(site.languages)
    )
    others = [code for code in site.languages if code != language] + equivalent_codes
    nav = " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters)
    data_folder = "../" * (1 + site.prefix(language).count("/")) + "data/"
    lines = [
        f'<nav class="cb-letters" aria-label="{localise.t(language, "letters")}" markdown>{nav}</nav>',
        "",
        # Raw HTML: the files are written by the default language's build only, where
        # MkDocs' link check of the other languages cannot see them.
        f'<p class="cb-downloads">{html.escape(localise.t(language, "glossary_downloads"))} '
        f'<a href="{data_folder}glossary.csv" download>{localise.t(language, "csv_label")}</a> · '
        f'<a href="{data_folder}glossary.skos.jsonld" download>{localise.t(language, "skos_label")}</a></p>',
        "",
    ]
    # Each column is named by its language, the page's own first.
    columns = [localise.language_name(code, language) for code in [language, *others]]
    for letter, group in letters.items():
        rows = []
        for entry in group:
            equivalents = dict(term_equivalents(entry, site, language))
            rows.append(
                [f"[{markdown_text(entry.data[language]['term'])}]({entry.stem}.md)"]
                + [markdown_text(equivalents.get(code, "—")) for code in others]
            )
        lines += [f"## {letter} {{#letter-{letter.lower()}}}", "", *_table(columns, rows), ""]
    return "\n".join(lines) + "\n"


def translations_table(states: list[Status], language: str, site: Site) -> str:
    """How many translations of each language are in each state, then one row per page with
    a column per translated language: a maintainer sees at once what to update."""

    def t(key: str, **values: object) -> str:
        return localise.t(language, key, **values)

    others = [code for code in site.languages if code != site.default]
    names = [localise.language_name(code, language) for code in others]
    counts = Counter((status.language, status.state) for status in states)
    summary = [
        [t("status_" + state), *(str(counts[code, state]) for code in others)]
        for state in STATES
        if any(counts[code, state] for code in others)
    ]
    pages: dict[str, dict[str, Status]] = {}
    for status in states:
        pages.setdefault(status.entry.site_path, {})[status.language] = status
    rows = []
    for path in sorted(pages):
        first = next(iter(pages[path].values()))
        data = first.entry.data.get(language) or {}
        title = data.get("title") or data.get("term") or path
        rows.append(
            [f"[{markdown_text(title)}]({path}.md)", first.source_changed or "—"]
            + [_state(pages[path].get(code), t) for code in others]
        )
    lines = [
        *_table([t("column_status"), *names], summary),
        "",
        *_table([t("column_page"), t("column_source_changed"), *names], rows),
    ]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table's lines."""
    return [_row(header), _row(["---"] * len(header)), *(_row(cells) for cells in rows)]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _state(status: Status | None, t: Callable[..., str]) -> str:
    """A translation's state, and the date it last changed when it exists."""
    if status is None:
        return "—"
    label = t("status_" + status.state)
    changed = status.translation_changed
    return f'{label} (<time datetime="{changed}">{changed}</time>)' if changed else label


SCRIPT = "assets/explorer.js"
"""Filters and sortable tables: loaded by the finding pages, which all live in ``cases/``."""

INDEXES = {
    "cases/index": ("explorer_title", "explorer_intro"),
    "cases/timeline": ("timeline_title", "timeline_intro"),
    "cases/compare": ("compare_title", "compare_intro"),
    "cases/themes": ("themes_title", "themes_intro"),
    "cahiers/index": ("cahiers", "cahiers_intro"),
    "glossary/index": ("glossary", "glossary_intro"),
    "translations": ("translations_title", "translations_intro"),
}
"""The list pages (:data:`casebook.book.GENERATED`): each one's title and introduction."""


def paths(book: Casebook) -> list[str]:
    """The path (under the docs folder) of every generated page, in every language:
    mkdocs-static-i18n pairs each page with its translations before any is rendered."""
    stems = [
        *(f"cases/{e.stem}" for e in book.cases.values()),
        *(f"cahiers/{e.stem}" for e in book.cahiers.values()),
        *(f"glossary/{e.stem}" for e in book.terms.values()),
        *GENERATED,
    ]
    return [f"{stem}.{language}.md" for language in book.site.languages for stem in stems]


class LanguagePages:
    """The generated pages of one language, by path under the docs folder."""

    def __init__(
        self, book: Casebook, language: str, states: list[Status], *, pdf: bool = False
    ) -> None:
        self.book, self.language, self.states = book, language, states
        self.pdf = pdf
        """Whether the build makes PDFs: only then do pages link to them (a plain build
        never links to a file it does not write)."""
        self.outdated = {
            s.entry.site_path: s for s in states if s.language == language and s.state == "outdated"
        }
        self.pages: dict[str, Page] = {}
        for entries, make in (
            (book.cases, case_page),
            (book.cahiers, cahier_page),
            (book.terms, term_page),
        ):
            for entry in entries.values():
                self.pages[f"{entry.site_path}.{language}.md"] = make(entry, self)
        for path, (title, intro) in INDEXES.items():
            self.pages[f"{path}.{language}.md"] = self._index(path, title, intro)

    def get(self, path: str) -> Page | None:
        return self.pages.get(path)

    @cached_property
    def records(self) -> list[finding.CaseRecord]:
        return finding.records(self.book, self.language)

    @property
    def root(self) -> str:
        """The site's root, relative to this language's ``cases/`` (or ``cahiers/``…) pages."""
        return "../" * (1 + self.book.site.prefix(self.language).count("/"))

    @cached_property
    def records_by_id(self) -> dict[str, finding.CaseRecord]:
        return {record.id: record for record in self.records}

    def actions(self, entry: Entry) -> str:
        """What a reader can do with a case or a cahier page: download its PDFs (when the
        build makes them), print it."""
        pdf = {role: posixpath.basename(path) for role, path in pdf_paths(entry).items()}
        return render.fragment("actions.html", self.language, pdf=pdf if self.pdf else {})

    def banner(self, entry: Entry) -> str:
        """A warning on a translation older than its source."""
        status = self.outdated.get(entry.site_path)
        if status is None:
            return ""
        text = localise.t(
            self.language,
            "outdated_banner",
            source=status.source_changed,
            translation=status.translation_changed,
        )
        return f'<div class="admonition warning cb-outdated" role="note"><p>{html.escape(text)}</p></div>'

    def _index(self, path: str, title: str, intro: str) -> Page:
        language, site = self.language, self.book.site
        t = localise.t
        lists: dict[str, Callable[[], str]] = {
            "cases/index": lambda: finding.explorer_html(
                self.records, language, f"{self.root}assets/"
            ),
            "cases/timeline": lambda: finding.timeline_html(self.records, language),
            "cases/compare": lambda: finding.compare_html(self.records, language),
        }
        texts: dict[str, Callable[[], str]] = {
            "cases/themes": lambda: (
                "<!-- material/tags -->"
            ),  # Material's tags plugin lists the cases
            "cahiers/index": lambda: cahier_index(self.book, language),
            "glossary/index": lambda: glossary_index(self.book, language),
            "translations": lambda: translations_table(self.states, language, site),
        }
        # The comparison table takes the page's whole width: Material hides its sidebars.
        hide = {"hide": ["navigation", "toc"]} if path == "cases/compare" else {}
        meta = lambda: _meta(t(language, title), t(language, intro), {"type": "index"}, **hide)  # noqa: E731
        if path in texts:
            return Page(lambda: f"{t(language, intro)}\n\n{texts[path]()}\n", meta)
        script = f'<script src="{self.root}{SCRIPT}" defer></script>'
        return Page(
            lambda: f"{t(language, intro)}\n\n{marker('list')}\n",
            meta,
            lambda: {"list": lists[path]() + "\n" + script},
        )
