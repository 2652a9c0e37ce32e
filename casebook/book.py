"""The casebook as files: discovery, parsing, and the merge of translations over facts.

Every content file is ``NAME.LANG.md`` in ``cases/``, ``cahiers/``, ``glossary/`` or
``docs/``; the files of one page in every language make an :class:`Entry`. Once checked
(:mod:`casebook.checks`), an entry's ``data`` holds, for each language of the site, its
front matter merged over the default language's facts (:func:`merge`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import SourceFile, parse
from .model import Strict, texts_model
from .problems import Problem
from .site import Site

SECTIONS = {"cases": "case", "cahiers": "cahier", "glossary": "term"}
"""Top-level content folders and the kind of page each holds."""

FOLDERS = (*SECTIONS, "docs")

GENERATED = (
    "cases/index",
    "cases/timeline",
    "cases/compare",
    "cases/themes",
    "cahiers/index",
    "glossary/index",
    "translations",
)
"""The list pages the engine writes in every language (see :mod:`casebook.pages`), besides
one page per case, cahier and glossary entry: links to them are valid, and no
hand-written page may take their paths."""

DOWNLOADS = (
    "data/cases.json",
    "data/cases.csv",
    "data/glossary.csv",
    "data/glossary.skos.jsonld",
    "data/datapackage.json",
)
"""The open-data files published with the site (see :mod:`casebook.exports`)."""
FILE_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")


@dataclass
class Entry:
    """One page in every language: a case, a cahier, a glossary term or a site page."""

    kind: str
    section: str  # folder in the site: cases, cahiers, glossary, or a docs/ sub-folder
    stem: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    written: dict[str, str | None] = field(default_factory=dict)
    """The languages whose front matter is valid, each with the date its translator last
    checked it against the source (``source_reviewed``), if given."""
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each language's front matter merged over the facts; every language of the site has
    one once checked (a missing translation inherits the default language's texts)."""

    @property
    def id(self) -> str:
        return self.stem

    @property
    def site_path(self) -> str:
        """Path of the page without language, e.g. ``cases/seoul-mexico-city``."""
        return f"{self.section}/{self.stem}" if self.section else self.stem

    def translated(self, language: str) -> bool:
        return language in self.written

    def body(self, language: str, default: str) -> tuple[str, str]:
        """The body to show in ``language`` and the language it is written in (the default
        language's when the page is not translated)."""
        shown = language if language in self.files else default
        return self.files[shown].body, shown


@dataclass
class Casebook:
    """Everything the site is built from, checked and merged."""

    site: Site
    cases: dict[str, Entry] = field(default_factory=dict)
    cahiers: dict[str, Entry] = field(default_factory=dict)
    terms: dict[str, Entry] = field(default_factory=dict)
    pages: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.site.root

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def entries(self) -> Iterator[Entry]:
        yield from self.pages.values()
        yield from self.cases.values()
        yield from self.cahiers.values()
        yield from self.terms.values()

    def by_site_path(self) -> dict[str, Entry]:
        return {e.site_path: e for e in self.entries()}


def discover(site: Site) -> Casebook:
    """Find and parse every content file; problems of names and places are collected."""
    book = Casebook(site)
    tables = {"case": book.cases, "cahier": book.cahiers, "term": book.terms, "page": book.pages}
    for kind, section, path in _candidates(site.root, book.problems):
        rel = path.relative_to(site.root).as_posix()
        match = FILE_NAME.match(path.name)
        if not match or match["lang"] not in site.languages:
            reason = (
                f"language {match['lang']!r} is not a language of the site"
                if match
                else "has no language suffix"
            )
            names = " or ".join(f"NAME.{language}.md" for language in site.languages)
            book.problems.append(Problem(rel, 1, "file name", f"{path.name!r}: {reason}", names))
            continue
        stem = match["stem"]
        table = tables[kind]
        key = f"{section}/{stem}" if kind == "page" and section else stem
        entry = table.setdefault(key, Entry(kind, section, stem))
        entry.files[match["lang"]] = parse(rel, path.read_bytes())
    return book


def _candidates(root: Path, problems: list[Problem]) -> Iterator[tuple[str, str, Path]]:
    for section, kind in SECTIONS.items():
        folder = root / section
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            if path.parent != folder:
                problems.append(
                    Problem(
                        path.relative_to(root).as_posix(),
                        1,
                        "file name",
                        f"is in a sub-folder of {section}/, where it would not be published",
                        f"{section}/{path.name}",
                    )
                )
                continue
            yield kind, section, path
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        section = path.parent.relative_to(docs).as_posix()
        yield "page", "" if section == "." else section, path


def counts(root: Path, default: str) -> dict[str, int]:
    """How many cases, cahiers and terms the casebook has (its default-language files)."""
    return {
        name: len(list((root / folder).glob(f"*.{default}.md")))
        for name, folder in (("cases", "cases"), ("cahiers", "cahiers"), ("terms", "glossary"))
    }


def merge(model: type[Strict], facts: dict, texts: dict) -> dict:
    """A translation's texts over the source's facts: lists of things with texts merged
    item by item, groups (such as a case's "reproduce it" section) field by field."""
    merged = dict(facts)
    for name, value in texts.items():
        inner = (
            texts_model(model.model_fields[name].annotation) if name in model.model_fields else None
        )
        base = facts.get(name)
        if inner is None or base is None or name in model.TEXTS:
            merged[name] = value
        elif isinstance(base, list):
            merged[name] = [merge(inner, b, t) for b, t in zip(base, value, strict=False)]
        else:
            merged[name] = merge(inner, base, value)
    return merged
