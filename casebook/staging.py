"""Write the site's source tree: checked content turned into plain Markdown pages.

MkDocs refuses a ``docs_dir`` equal to the project folder, and mkdocs-static-i18n drops
files from outside ``docs_dir``. Rather than symlinks (which Windows checkouts break),
the engine writes one tree — ``docs/`` pages, cases, cahiers, glossary and the generated
index pages — into a staging folder that MkDocs builds. Each staged page carries a front
matter the engine wrote itself from validated data, so MkDocs never sees a contributor's
raw YAML, and its fact sheet is already rendered.

Files are written only when their content changes, so ``mkdocs serve`` (which watches
the staging folder too) does not rebuild in a loop.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import unicodedata
from pathlib import Path

from . import explorer, exports, glossary, localise, processes, render, translations
from .content import Casebook, Entry
from .vocabularies import LANGUAGES


def staging_dir(root: Path) -> Path:
    """This process's staging folder: two builds of one project at once (``mkdocs serve``
    and a test run, say) must not clean each other's files away."""
    return root / ".cache" / f"docs-{os.getpid()}"


_staged: dict[Path, tuple[Casebook, str]] = {}
"""What this process staged where, for which site URL: the adapters find the content they
build from through the docs folder they are given (:func:`staged_book`), rather than
through MkDocs' ``extra`` variables, which plugins copy and serialise (mkdocs-macros turns
them into JSON)."""


def staged_book(out_dir: Path | str) -> Casebook:
    """The content last staged into ``out_dir`` by this process."""
    try:
        return _staged[Path(out_dir)][0]
    except KeyError:
        raise LookupError(f"{out_dir}: nothing was staged here by this process") from None


def holds(out_dir: Path | str, book: Casebook, site_url: str) -> bool:
    """Whether ``out_dir`` already holds ``book`` staged for ``site_url`` (each language's
    build asks; only the first stages)."""
    staged = _staged.get(Path(out_dir))
    return staged is not None and staged[0] is book and staged[1] == site_url


CASE_SEARCH_BOOST = 2
"""Cases answer practitioners' questions; on equal match they rank above other pages."""


def front_matter(**meta: object) -> str:
    """Front matter for MkDocs, written as JSON (valid YAML, and much faster to write)."""
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _title(text: str) -> str:
    """Titles and descriptions go to templates that print them raw, in text and in attributes
    (Material's ``<title>``, ``<meta name="description" content="…">``): escape them here."""
    return html.escape(text, quote=True)


def case_page(entry: Entry, record: explorer.CaseRecord, language: str, site_url: str = "/") -> str:
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
    return (
        "\n\n".join(
            [
                meta + render.case_facts(data, language),
                f'<figure class="cb-map cb-map--case">{explorer.case_map(record, language)}</figure>',
                entry.body(language).strip(),
                render.bibliography(data, language),
                render.fragment(
                    "cite.html", language, cite=exports.citation(entry, language, site_url)
                ),
            ]
        )
        + "\n"
    )


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


def cahier_page(entry: Entry, book: Casebook, language: str) -> str:
    data = entry.data[language]
    cases = _links(entry, book.cases, data["cases"], "cases", "title", language)
    meta = front_matter(
        title=_title(data["title"]),
        description=_title(data["summary"]),
        casebook={"type": "cahier", "id": entry.id},
    )
    facts = render.fragment("cahier_facts.html", language, cahier=data, cases=cases)
    return (
        "\n\n".join(
            [meta + facts, entry.body(language).strip(), render.bibliography(data, language)]
        )
        + "\n"
    )


def term_page(entry: Entry, book: Casebook, language: str) -> str:
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
    return (
        "\n\n".join(
            [meta + facts, entry.body(language).strip(), render.bibliography(data, language)]
        )
        + "\n"
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


def downloads(book: Casebook, site_url: str) -> dict[str, str]:
    """Open-data files staged as assets, so pages can link to them and MkDocs checks the links."""
    return {
        "data/glossary.csv": glossary.glossary_csv(book),
        "data/glossary.skos.jsonld": glossary.skos_json(book, site_url),
        "data/cases.json": exports.cases_json(book, site_url),
        "data/cases.csv": exports.cases_csv(book, site_url),
        "data/datapackage.json": exports.datapackage(),
    }


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


def pages(
    book: Casebook,
    site_url: str = "/",
    languages: tuple[str, ...] = LANGUAGES,
    states: list[translations.Status] | None = None,
) -> dict[str, str]:
    """Every generated page in ``languages``: staged path → Markdown text."""
    out: dict[str, str] = {}
    if states is None:
        states = translations.statuses(book, translations.last_commits(book.root))
    for language in languages:
        out[f"translations.{language}.md"] = translations_page(book, states, language)
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
        out[f"cahiers/index.{language}.md"] = cahier_index(book, language)
        out[f"glossary/index.{language}.md"] = glossary_index(book, language)
    for status in states:
        path = f"{status.entry.site_path}.{status.language}.md"
        if status.state == "outdated" and path in out:
            head, _, rest = out[path].partition("---\n\n")
            out[path] = head + "---\n\n" + _banner(status) + rest
    return out


def _write(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files that differ from what is there; the relative paths of all of them."""
    for rel, data in files.items():
        path = out_dir / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return list(files)


def _encoded(texts: dict[str, str]) -> dict[str, bytes]:
    return {rel: text.encode("utf-8") for rel, text in texts.items()}


def stage(book: Casebook, out_dir: Path, site_url: str = "/", *, jobs: int = 1) -> Path:
    """Write ``docs/`` plus the generated pages into ``out_dir``; remove what no longer exists.

    With ``jobs`` > 1 the pages of the languages after the first are rendered and written
    by a forked process meanwhile (see :mod:`casebook.processes`): the same files, sooner.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    states = translations.statuses(book, translations.last_commits(book.root))
    wanted: dict[str, bytes] = {}
    docs = book.root / "docs"
    if docs.is_dir():
        for path in docs.rglob("*"):
            if path.is_file():
                wanted[path.relative_to(docs).as_posix()] = path.read_bytes()
    wanted.update(_encoded(downloads(book, site_url)))
    mine, others = (LANGUAGES[:1], LANGUAGES[1:]) if jobs > 1 else (LANGUAGES, ())
    forked = None
    if others:
        forked = processes.start(
            lambda: "\n".join(
                _write(out_dir, _encoded(pages(book, site_url, others, states)))
            ).encode("utf-8")
        )
    written = set(_write(out_dir, {**wanted, **_encoded(pages(book, site_url, mine, states))}))
    if forked:
        written.update(processes.finish(*forked).decode("utf-8").split("\n"))
    for path in sorted(out_dir.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(out_dir).as_posix() not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    _staged[Path(out_dir)] = (book, site_url)
    return out_dir
