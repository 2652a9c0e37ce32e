"""The site's generated pages: checked content turned into plain Markdown.

Cases, cahiers and glossary entries live outside MkDocs' docs folder, and their fact
sheets, maps and citations come from validated front matter. This module renders each of
them, and the list pages (explorer, timeline, comparison, indexes), into Markdown with a
front matter the engine wrote itself from validated data, so MkDocs never sees a
contributor's raw YAML and every fact sheet is already rendered.

The pages are never written to disk: :class:`Staged` holds them, one language at a
time, and the MkDocs adapters hand them to MkDocs as the content of files of the docs
folder (``hooks/content.py``, ``hooks/page_sources.py``).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import explorer, exports, glossary, localise, processes, render, translations
from .content import GENERATED, RESERVED_MARKER, Casebook, Entry
from .vocabularies import LANGUAGES

CASE_SEARCH_BOOST = 2
"""Cases answer practitioners' questions; on equal match they rank above other pages."""


def front_matter(**meta: object) -> str:
    """Front matter for MkDocs, written as JSON (valid YAML, and much faster to write)."""
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _title(text: str) -> str:
    """Titles and descriptions go to templates that print them raw, in text and in attributes
    (Material's ``<title>``, ``<meta name="description" content="…">``): escape them here."""
    return html.escape(text, quote=True)


@dataclass
class Page:
    """A generated page: Markdown for MkDocs, and the HTML parts put in after conversion.

    Fact sheets, maps, citations and bibliographies are rendered HTML already: written
    into the Markdown, they would go through Python-Markdown's HTML block parser (about a
    third of the time it takes to convert a case page) and then the glossary linker (they
    hold no text it may link). The Markdown holds a marker where each goes instead
    (:func:`marker`), and :func:`fill` puts them in the converted page.
    """

    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)


MARKER = RESERVED_MARKER + "{name} -->"
"""Where a fragment goes; content checks refuse the start of it in contributed text."""


MARKERS = re.compile(re.escape(RESERVED_MARKER) + r"([a-z]+) -->")


def marker(name: str) -> str:
    return MARKER.format(name=name)


def fill(html: str, fragments: dict[str, str]) -> str:
    """The converted page with each fragment in its marker's place, in one pass.

    Python-Markdown prints an HTML comment that stands alone as it is, so each marker is
    there exactly once; if one is not, the page is broken and this says so, rather than
    drop a fact sheet silently."""
    pieces, last, placed = [], 0, []
    for found in MARKERS.finditer(html):
        name = found[1]
        if name in fragments:
            pieces += [html[last : found.start()], fragments[name]]
            last = found.end()
            placed.append(name)
    if sorted(placed) != sorted(fragments):
        wrong = [n for n in fragments if placed.count(n) != 1]
        raise ValueError(
            ", ".join(
                f"{marker(n)} is in the converted page {placed.count(n)} times" for n in wrong
            )
            + ", not once"
        )
    pieces.append(html[last:])
    return "".join(pieces)


def _blocks(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def case_page(
    entry: Entry, record: explorer.CaseRecord, language: str, site_url: str = "/"
) -> Page:
    data = entry.data[language]
    meta = front_matter(
        title=_title(data["title"]),
        description=_title(data["summary"]),
        tags=[localise.vocabulary("theme", key, language) for key in data["themes"]],
        search={"boost": CASE_SEARCH_BOOST},
        casebook={
            "type": "case",
            "id": entry.id,
            "jsonld": exports.case_jsonld(entry, language, site_url),
        },
    )
    fragments = {
        "facts": render.case_facts(data, language),
        "map": f'<figure class="cb-map cb-map--case">{explorer.case_map(record, language)}</figure>',
        "sources": render.bibliography(data, language),
        "cite": render.fragment(
            "cite.html", language, cite=exports.citation(entry, language, site_url)
        ),
    }
    markdown = _blocks(
        meta + render.lead(data["summary"], language, printable=True),
        marker("facts"),
        marker("map"),
        entry.body(language).strip(),
        marker("sources"),
        marker("cite"),
    )
    return Page(markdown, fragments)


def _links(
    entry: Entry, targets: dict[str, Entry], ids: list[str], section: str, label: str, language: str
) -> list[dict[str, str]]:
    """Links from a page to the entries it names (a cahier's cases, a term's related terms)."""
    return [
        {
            "href": render.href(entry.site_path, f"{section}/{i}"),
            "title": targets[i].data[language][label],
        }
        for i in ids
        if i in targets and language in targets[i].data
    ]


def cahier_page(entry: Entry, book: Casebook, language: str) -> Page:
    data = entry.data[language]
    cases = _links(entry, book.cases, data["cases"], "cases", "title", language)
    meta = front_matter(
        title=_title(data["title"]),
        description=_title(data["summary"]),
        casebook={"type": "cahier", "id": entry.id},
    )
    facts = render.fragment("cahier_facts.html", language, cahier=data, cases=cases)
    return _entry_page(
        entry, language, meta + render.lead(data["summary"], language, printable=True), facts
    )


def term_page(entry: Entry, book: Casebook, language: str) -> Page:
    data = entry.data[language]
    equivalents = term_equivalents(entry, language)
    related = _links(entry, book.terms, data["related"], "glossary", "term", language)
    meta = front_matter(
        title=_title(data["term"]),
        description=_title(data["short"]),
        casebook={"type": "term", "id": entry.id},
    )
    facts = render.fragment(
        "term_facts.html", language, term=data, equivalents=equivalents, related=related
    )
    return _entry_page(
        entry, language, meta + render.lead(data["short"], language, definition=True), facts
    )


def _entry_page(entry: Entry, language: str, head: str, facts: str) -> Page:
    """A cahier's or a term's page: front matter and lead, fact sheet, body, sources."""
    markdown = _blocks(head, marker("facts"), entry.body(language).strip(), marker("sources"))
    return Page(
        markdown, {"facts": facts, "sources": render.bibliography(entry.data[language], language)}
    )


def term_equivalents(entry: Entry, language: str) -> list[tuple[str, str]]:
    """The term in the other site language, then Spanish and Portuguese where they exist."""
    pairs = [
        (other, entry.data[other]["term"])
        for other in LANGUAGES
        if other != language and other in entry.data
    ]
    equivalents = entry.data[language].get("equivalents") or {}
    pairs += [(code, equivalents[code]) for code in ("es", "pt") if equivalents.get(code)]
    return pairs


def sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def cahier_index(book: Casebook, language: str) -> str:
    lines = [
        front_matter(title=localise.t(language, "cahiers"), casebook={"type": "index"}),
        localise.t(language, "cahiers_intro"),
        "",
    ]
    for entry in sorted(book.cahiers.values(), key=lambda e: e.data[language]["number"]):
        data = entry.data[language]
        number = localise.t(language, "cahier_number", n=data["number"])
        lines.append(
            f"- **{number}** · [{_markdown_text(data['title'])}]({entry.stem}.md) — "
            f"{_markdown_text(data['summary'])} ({localise.duration(data['duration_minutes'], language)})"
        )
    return "\n".join(lines) + "\n"


def glossary_index(book: Casebook, language: str) -> str:
    entries = sorted(book.terms.values(), key=lambda e: sort_key(e.data[language]["term"]))
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(sort_key(entry.data[language]["term"])[:1].upper(), []).append(entry)
    others = [code for code in LANGUAGES if code != language] + ["es", "pt"]
    head = [localise.t(language, "glossary_intro"), ""]
    nav = " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters)
    head += [
        f'<nav class="cb-letters" aria-label="{localise.t(language, "letters")}" markdown>{nav}</nav>',
        "",
    ]
    data = "../data/" if language == LANGUAGES[0] else "../../data/"
    # Raw HTML: the files exist in the French build only, which MkDocs' link check cannot see from English.
    head += [
        f'<p class="cb-downloads">{html.escape(localise.t(language, "glossary_downloads"))} '
        f'<a href="{data}glossary.csv" download>{localise.t(language, "csv_label")}</a> · '
        f'<a href="{data}glossary.skos.jsonld" download>{localise.t(language, "skos_label")}</a></p>',
        "",
    ]
    body = []
    for letter, group in letters.items():
        body += [f"## {letter} {{#letter-{letter.lower()}}}", ""]
        columns = [localise.t(language, "glossary")] + [
            localise.t(language, f"term_language_{code}") for code in others
        ]
        body += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for entry in group:
            data = entry.data[language]
            equivalents = dict(term_equivalents(entry, language))
            cells = [f"[{_markdown_text(data['term'])}]({entry.stem}.md)"] + [
                _markdown_text(equivalents.get(code, "—")) for code in others
            ]
            body.append("| " + " | ".join(cells) + " |")
        body.append("")
    meta = front_matter(title=localise.t(language, "glossary"), casebook={"type": "index"})
    return meta + "\n".join(head + body) + "\n"


def _markdown_text(text: str) -> str:
    """Plain text inside generated Markdown: escape what Markdown or HTML would interpret."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


DOWNLOADS = {
    "data/glossary.csv": lambda book, site_url: glossary.glossary_csv(book),
    "data/glossary.skos.jsonld": glossary.skos_json,
    "data/cases.json": exports.cases_json,
    "data/cases.csv": exports.cases_csv,
    "data/datapackage.json": lambda book, site_url: exports.datapackage(),
}
"""The open-data files, published with the default language: path → maker."""


def downloads(book: Casebook, site_url: str) -> dict[str, str]:
    """Open-data files given to MkDocs as assets, so pages can link to them and MkDocs checks the links."""
    return {path: make(book, site_url) for path, make in DOWNLOADS.items()}


def translations_page(book: Casebook, states: list[translations.Status], language: str) -> str:
    def t(key: str, **values: object) -> str:
        return localise.t(language, key, **values)

    rows = [
        f"| {t('column_page')} | {t('column_status')} | {t('column_source_changed')} | {t('column_translation_changed')} |",
        "|---|---|---|---|",
    ]
    for status in sorted(states, key=lambda s: s.entry.site_path):
        entry = status.entry
        data = entry.data.get(language) or {}
        title = data.get("title") or data.get("term") or entry.site_path
        link = f"[{_markdown_text(title)}]({entry.site_path}.md)"
        rows.append(
            f"| {link} | {t('status_' + status.state)} | {status.source_changed or '—'} | {status.translation_changed or '—'} |"
        )
    meta = front_matter(
        title=_title(t("translations_title")),
        description=_title(t("translations_intro")),
        casebook={"type": "index"},
    )
    return meta + t("translations_intro") + "\n\n" + "\n".join(rows) + "\n"


def _banner(status: translations.Status) -> str:
    text = localise.t(
        status.language,
        "outdated_banner",
        source=status.source_changed,
        translation=status.translation_changed,
    )
    return f'<div class="admonition warning cb-outdated" role="note"><p>{html.escape(text)}</p></div>\n\n'


def generated_paths(book: Casebook, languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """The path of every page :func:`pages` generates, in every language, without rendering
    any: MkDocs (and mkdocs-static-i18n, which pairs each page with its translation) must
    know every page of every language, while each language's build renders only its own."""
    out = [f"translations.{language}.md" for language in languages]
    for language in languages:
        out += [f"cases/{entry.stem}.{language}.md" for entry in book.cases.values()]
        out += [f"cahiers/{entry.stem}.{language}.md" for entry in book.cahiers.values()]
        out += [f"glossary/{entry.stem}.{language}.md" for entry in book.terms.values()]
        out += [f"{index}.{language}.md" for index in INDEX_PAGES]
    return out


INDEX_PAGES = tuple(path for path in GENERATED if path != "translations")
"""The list pages the engine writes, in the order :func:`pages` writes them."""


def pages(
    book: Casebook,
    site_url: str = "/",
    languages: tuple[str, ...] = LANGUAGES,
    states: list[translations.Status] | None = None,
) -> dict[str, Page]:
    """Every generated page in ``languages``: path under the docs folder → page.

    The paths (and their order) are :func:`generated_paths`'."""
    out: dict[str, Page] = {}
    if states is None:
        states = translations.statuses(book, translations.last_commits(book.root))
    for language in languages:
        out[f"translations.{language}.md"] = Page(translations_page(book, states, language))
    for language in languages:
        cases = explorer.records(book, language)
        by_id = {case.id: case for case in cases}
        for entry in book.cases.values():
            out[f"cases/{entry.stem}.{language}.md"] = case_page(
                entry, by_id[entry.id], language, site_url
            )
        for entry in book.cahiers.values():
            out[f"cahiers/{entry.stem}.{language}.md"] = cahier_page(entry, book, language)
        for entry in book.terms.values():
            out[f"glossary/{entry.stem}.{language}.md"] = term_page(entry, book, language)
        out[f"cases/index.{language}.md"] = explorer.explorer_page(book, language, cases)
        out[f"cases/timeline.{language}.md"] = explorer.timeline_page(book, language, cases)
        out[f"cases/compare.{language}.md"] = explorer.compare_page(book, language, cases)
        out[f"cases/themes.{language}.md"] = explorer.themes_page(language)
        out[f"cahiers/index.{language}.md"] = Page(cahier_index(book, language))
        out[f"glossary/index.{language}.md"] = Page(glossary_index(book, language))
    for status in states:
        path = f"{status.entry.site_path}.{status.language}.md"
        if status.state == "outdated" and path in out:
            head, _, rest = out[path].markdown.partition("---\n\n")
            out[path].markdown = head + "---\n\n" + _banner(status) + rest
    return out


@dataclass
class Staged:
    """The generated side of one build: a checked casebook, the site URL its pages are
    rendered for, and its pages, rendered one language at a time when first asked for.

    Nothing is written to disk. The MkDocs adapters declare :meth:`paths` as files of the
    docs folder and give each page of the language being built its text from
    :meth:`pages` (``hooks/content.py``, ``hooks/page_sources.py``): no staging folder
    to create, clean or watch, and each language's build, forked or not, renders only
    its own pages.
    """

    book: Casebook
    site_url: str
    _pages: dict[str, dict[str, Page]] = field(default_factory=dict, repr=False)
    _states: list[translations.Status] | None = field(default=None, repr=False)

    def paths(self) -> list[str]:
        """Every generated page of every language, and the open-data files."""
        return [*generated_paths(self.book), *DOWNLOADS]

    def states(self) -> list[translations.Status]:
        """Translation statuses, from one ``git log`` per process."""
        if self._states is None:
            self._states = translations.statuses(
                self.book, translations.last_commits(self.book.root)
            )
        return self._states

    def pages(self, language: str) -> dict[str, Page]:
        """The pages of ``language``, rendered once."""
        if language not in self._pages:
            states = self.states()
            with processes.collector_paused():
                self._pages[language] = pages(self.book, self.site_url, (language,), states)
        return self._pages[language]

    def release(self, language: str) -> None:
        """Forget a language's texts once MkDocs holds them."""
        self._pages.pop(language, None)

    def downloads(self) -> dict[str, str]:
        with processes.collector_paused():
            return downloads(self.book, self.site_url)


_staged: dict[Path, Staged] = {}
"""What this process staged for each docs folder: the adapters find the content they
build from through the docs folder they are given (:func:`staged_book`), rather than
through MkDocs' ``extra`` variables, which plugins copy and serialise (mkdocs-macros turns
them into JSON)."""


def stage(book: Casebook, docs_dir: Path | str, site_url: str = "/") -> Staged:
    """Record ``book`` as what the site in ``docs_dir`` is built from, for ``site_url``.

    Each language's build asks; all but the first find the same record and reuse it (with
    the pages it has rendered and its translation statuses)."""
    key = Path(docs_dir)
    staged = _staged.get(key)
    if staged is None or staged.book is not book or staged.site_url != site_url:
        staged = _staged[key] = Staged(book, site_url)
    return staged


def staged(docs_dir: Path | str) -> Staged:
    """What :func:`stage` recorded for ``docs_dir`` in this process."""
    try:
        return _staged[Path(docs_dir)]
    except KeyError:
        raise LookupError(f"{docs_dir}: nothing was staged for it by this process") from None


def staged_book(docs_dir: Path | str) -> Casebook:
    """The content last staged for ``docs_dir`` by this process."""
    return staged(docs_dir).book
