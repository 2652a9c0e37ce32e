"""Check the whole casebook: every file, every translation, every cross-reference.

This is the one place that decides whether the casebook is valid. The MkDocs adapter and
``python -m casebook check`` both call :func:`load`, so a contributor sees the same
messages locally, in pre-commit and in CI: every problem at once, each as
``path:line: field: what is wrong (expected …)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from markdown.extensions.toc import slugify
from pydantic import ValidationError

from . import localise
from .book import DOWNLOADS, GENERATED, Casebook, Entry, discover, merge
from .frontmatter import SourceFile
from .messages import closest, did_you_mean, explain, normal
from .model import SOURCES, Strict, texts_model, translation_of
from .problems import ContentError, Problem
from .site import Site

RESERVED_MARKER = "<!-- casebook:"
"""How the markers of rendered parts start (see :mod:`casebook.pages`)."""
RESERVED_ANCHORS = re.compile(r"^(?:sources|reproduce(?:-[\w-]+)?|cb-[\w-]*|source-[\w-]+)$")
"""Anchors the engine gives to the parts it renders."""

LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline link; an image is the same preceded by ``!`` (see :func:`_link_targets`)."""
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
EXPLICIT_ID = re.compile(r"\{\s*[^}]*#([\w-]+)[^}]*\}\s*$")
CODE_SPAN = re.compile(r"`[^`\n]*`")
TODO = re.compile(r"\bTODO\b")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
"""An external link's start (http:, mailto:…): not checked here."""
LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2,3}$")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)

Heading = tuple[int, str, str, int]
"""A heading's level, text, anchor and line."""


def load(site: Site, *, paths: Iterable[Path] | None = None, strict: bool = True) -> Casebook:
    """Read and check the content of ``site``.

    ``paths`` keeps only the problems of some files (the CLI's ``check FILE``), while
    the rules that look across files still see the whole casebook. With ``strict`` any
    error raises :class:`ContentError` listing all of them.
    """
    book = discover(site)
    outlines: dict[str, list[Heading]] = {}
    for entry in book.entries():
        _check_entry(entry, site, book.problems, outlines)
    _check_references(book, outlines)
    if paths is not None:
        wanted = {_relative(Path(p), site.root) for p in paths}
        book.problems = [p for p in book.problems if p.path in wanted]
    book.problems.sort()
    if strict and book.errors:
        raise ContentError(book.errors)
    return book


def _relative(path: Path, root: Path) -> str:
    path = path.resolve()
    return (
        path.relative_to(root.resolve()).as_posix()
        if path.is_relative_to(root.resolve())
        else str(path)
    )


def _check_entry(
    entry: Entry, site: Site, problems: list[Problem], outlines: dict[str, list[Heading]]
) -> None:
    default = entry.files.get(site.default)
    present = default or next(iter(entry.files.values()))
    for language in site.languages:
        if language not in entry.files:
            missing = re.sub(r"\.[a-z]{2,3}\.md$", f".{language}.md", present.path)
            problems.append(_missing(present, missing, language, site))
    for language, source in entry.files.items():
        problems.extend(source.problems)
        if not source.problems:
            outlines[source.path] = list(headings(source))
            problems.extend(_check_body(entry.kind, source, outlines[source.path]))
            problems.extend(_check_spacing(source, language))
    model = SOURCES[entry.kind]
    facts = None if default is None or default.problems else _validate(model, default, problems)
    if facts is None:
        for language, source in entry.files.items():  # translations still checked on their own
            if language != site.default and not source.problems:
                _validate(translation_of(model), source, problems)
        return
    entry.written[site.default] = None
    if entry.kind != "page" and facts.id != entry.stem:  # type: ignore[attr-defined]
        problems.append(
            default.problem(("id",), f"{facts.id!r} differs from the file name", repr(entry.stem))  # type: ignore[attr-defined]
        )
    if entry.kind == "case":
        problems.extend(_check_case_facts(facts, default))
    if entry.kind == "case" and facts.reproduce is None:  # type: ignore[attr-defined]
        problems.append(
            Problem(
                default.path,
                1,
                "reproduce",
                "is missing: the page has no 'Reproduce it' section",
                "preconditions, first_steps, involve, pitfalls, indicators and cahiers "
                "(see the template: python -m casebook new)",
                warning=True,
            )
        )
    if entry.kind == "term":
        problems += [
            default.problem(
                ("equivalents", code),
                f"{code} is a language of the site: the term in it is the title of "
                f"{default.path.replace(f'.{site.default}.md', f'.{code}.md')}",
                "the key left out",
            )
            for code in facts.equivalents  # type: ignore[attr-defined]
            if code in entry.files  # until a language has the entry, an equivalent names it
        ]
    source_facts = facts.model_dump()
    for language in site.languages:
        source = entry.files.get(language)
        if language == site.default or source is None or source.problems:
            entry.data[language] = source_facts
            continue
        translation = _validate(translation_of(model), source, problems)
        if translation is None:
            entry.data[language] = source_facts
            continue
        entry.written[language] = translation.source_reviewed  # type: ignore[attr-defined]
        given = translation.model_dump(exclude_none=True)
        _compare(model, source_facts, given, (), source, default, problems)
        entry.data[language] = merge(model, source_facts, given)


def _missing(present: SourceFile, missing: str, language: str, site: Site) -> Problem:
    if language == site.default:
        return Problem(
            present.path,
            1,
            "translation",
            f"has no source: {missing} is missing",
            f"the facts and texts in {missing}, translations beside it",
        )
    return Problem(
        present.path,
        1,
        "translation",
        f"{missing} is missing; the {_english_name(language)} page shows the "
        f"{_english_name(site.default)} text under a 'not yet translated' banner",
        f"the page in every language ({', '.join(site.languages)})",
        warning=True,
    )


def _english_name(language: str) -> str:
    """How the messages, written in English, name a language (``es`` → Spanish)."""
    return Locale("en").languages.get(language, language)


def _validate(model: type[Strict], source: SourceFile, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(source.meta)
    except ValidationError as error:
        problems.extend(explain(error, model, source))
        return None


def _check_case_facts(case: Any, source: SourceFile) -> list[Problem]:
    """Rules across a case's fields: indicators and advice cite listed sources, milestones
    run in order."""
    problems = []
    ids = [s.id for s in case.sources]
    for index, source_id in enumerate(ids):
        if source_id in ids[:index]:
            problems.append(
                source.problem(
                    ("sources", index, "id"),
                    f"{source_id!r} is used twice",
                    "a different id per source",
                )
            )
    cited = [(("indicators", i, "source"), ind.source) for i, ind in enumerate(case.indicators)]
    if case.reproduce is not None:
        for group in ("preconditions", "first_steps", "involve", "pitfalls", "indicators"):
            cited += [
                (("reproduce", group, i, "source"), advice.source)
                for i, advice in enumerate(getattr(case.reproduce, group))
                if advice.source is not None
            ]
    for location, source_id in cited:
        if source_id not in ids:
            problems.append(
                source.problem(
                    location,
                    f"cites unknown source {source_id!r}" + did_you_mean(source_id, ids),
                    "one of " + ", ".join(ids),
                )
            )
    years = [m.year for m in case.milestones]
    for index in range(1, len(years)):
        if years[index] < years[index - 1]:
            problems.append(
                source.problem(
                    ("milestones", index, "year"),
                    f"{years[index]} comes after {years[index - 1]}",
                    "milestones in chronological order",
                )
            )
    return problems


def _compare(
    model: type[Strict],
    facts: dict,
    given: dict,
    location: tuple,
    source: SourceFile,
    default: SourceFile,
    problems: list[Problem],
) -> None:
    """A translation may repeat a fact only to say the same thing; lists of things with
    texts come in the source's order, whole where the model says so."""
    for name, value in given.items():
        if name in model.TEXTS or name == "source_reviewed" or name not in model.model_fields:
            continue
        here = (*location, name)
        inner = texts_model(model.model_fields[name].annotation)
        reference = facts.get(name)
        if inner is None:
            if normal(value) != normal(reference):
                shown = "" if len(here) == 1 else f"{_show(value)} "
                problems.append(
                    source.problem(
                        here,
                        f"{shown}contradicts {default.path}:{default.line_of(here)}",
                        f"{_show(reference)} or the key left out (it is inherited)",
                    )
                )
        elif isinstance(value, list):
            theirs = reference or []
            if len(value) != len(theirs):
                problems.append(
                    source.problem(
                        here,
                        f"has {len(value)} item(s) but {default.path} has {len(theirs)}",
                        "the same items in the same order",
                    )
                )
                continue
            for index, (mine, base) in enumerate(zip(value, theirs, strict=True)):
                _compare(inner, base, mine, (*here, index), source, default, problems)
        elif reference is not None:
            _compare(inner, reference, value, here, source, default, problems)
    for name in sorted(model.TRANSLATED_WHOLE):
        if facts.get(name) and name not in given:
            count = len(facts[name]) if isinstance(facts[name], list) else 1
            problems.append(
                source.problem(
                    (*location, name),
                    "is missing",
                    f"{count} item(s) with their text translated, in the order of {default.path}",
                )
            )


def _show(value: Any) -> str:
    return repr(normal(value))


def _without_fences(body: str) -> str:
    """The body with fenced code blanked out (same line numbers)."""
    if "```" not in body and "~~~" not in body:
        return body
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def headings(source: SourceFile) -> Iterable[Heading]:
    """The headings of ``source``, fenced code ignored."""
    body = _without_fences(source.body)
    for match in HEADING.finditer(body):
        text = match[2]
        explicit = EXPLICIT_ID.search(text)
        anchor = explicit[1] if explicit else slugify(EXPLICIT_ID.sub("", text), "-")
        line = source.body_line + body.count("\n", 0, match.start())
        yield len(match[1]), EXPLICIT_ID.sub("", text).strip(), anchor, line


@cache
def _breakable_spacing(language: str) -> re.Pattern | None:
    """A breakable space where ``language``'s typography wants a no-break one."""
    before, after = localise.spacing(language)
    choices = [f"(?<=\\S) (?=(?P<before>[{re.escape(before)}]))"] if before else []
    choices += [f"(?<=(?P<after>[{re.escape(after)}])) "] if after else []
    return re.compile("|".join(choices)) if choices else None


def _check_spacing(source: SourceFile, language: str) -> list[Problem]:
    """Reports (not errors) of a breakable space before a mark such as « : » in French:
    a line of the page could start with it. Code is left alone."""
    pattern = _breakable_spacing(language)
    if pattern is None:
        return []
    found = {}
    for location, text in _strings(source.meta, ()):
        for match in pattern.finditer(text):
            found.setdefault(source.line_of(location), _mark(match))
    prose = CODE_SPAN.sub("x", _without_fences(source.body))  # code is not prose
    for match in pattern.finditer(prose):
        line = source.body_line + prose.count("\n", 0, match.start())
        found.setdefault(line, _mark(match))
    return [
        Problem(
            source.path,
            line,
            "typography",
            f"a breakable space beside {mark!r}",
            "a no-break space (U+00A0), so that the mark stays with its word",
            warning=True,
        )
        for line, mark in sorted(found.items())
    ]


def _mark(match: re.Match) -> str:
    groups = match.groupdict()
    return groups.get("before") or groups.get("after") or " "


def _strings(value: Any, location: tuple) -> Iterable[tuple[tuple, str]]:
    """Every string of a front matter, with its key path."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*location, index))


def _check_body(kind: str, source: SourceFile, headings: list[Heading]) -> list[Problem]:
    """Body rules of one parsed file."""
    problems = []
    if kind in ("case", "cahier", "term") and not source.body.strip():
        problems.append(
            Problem(
                source.path,
                source.body_line,
                "body",
                "is empty",
                "Markdown text after the front matter",
            )
        )
    reserved = source.body.find(RESERVED_MARKER)
    if reserved != -1:
        problems.append(
            Problem(
                source.path,
                source.body_line + source.body.count("\n", 0, reserved),
                "body",
                f"contains {RESERVED_MARKER!r}, which the engine keeps for the parts it renders",
                "your own text, or the comment reworded",
            )
        )
    todo = TODO.search(source.body)
    if todo:
        line = source.body_line + source.body.count("\n", 0, todo.start())
        problems.append(
            Problem(source.path, line, "body", "still holds a TODO placeholder", "your own text")
        )
    lines = source.body.split("\n")
    for level, text, anchor, line in headings:
        if level == 1 and kind != "page":
            problems.append(
                Problem(
                    source.path,
                    line,
                    "body",
                    f"level-1 heading '# {text}'",
                    "## headings: the title comes from the front matter",
                )
            )
        if kind in ("case", "cahier") and level in (2, 3):
            if not EXPLICIT_ID.search(lines[line - source.body_line]):
                problems.append(
                    Problem(
                        source.path,
                        line,
                        "body",
                        f"heading {text!r} has no stable anchor",
                        f"an explicit id shared by every language, e.g. '{'#' * level} {text} {{#{slugify(text, '-')}}}'",
                    )
                )
            elif RESERVED_ANCHORS.match(anchor):
                problems.append(
                    Problem(
                        source.path,
                        line,
                        "body",
                        f"anchor #{anchor} is one the engine gives to a part it renders",
                        "another anchor",
                    )
                )
    return problems


def _check_references(book: Casebook, outlines: dict[str, list[Heading]]) -> None:
    """Rules that look across files: generated paths, cross-references, shared anchors, links."""
    problems, site = book.problems, book.site
    generated = set(GENERATED) | {
        e.site_path for e in (*book.cases.values(), *book.cahiers.values(), *book.terms.values())
    }
    for page in book.pages.values():
        if page.site_path in generated:
            problems += [_clash(source.path) for source in page.files.values()]
    problems += [
        _clash(f"docs/{path}") for path in DOWNLOADS if (book.root / "docs" / path).exists()
    ]

    def reference(entry: Entry, field: tuple, ids: list[str], table: dict, what: str) -> None:
        default = entry.files[site.default]
        for index, target in enumerate(ids):
            if target not in table:
                problems.append(
                    default.problem(
                        (*field, index),
                        f"unknown {what} {target!r}" + did_you_mean(target, table),
                        "the id of a file in "
                        + {"case": "cases/", "cahier": "cahiers/", "glossary entry": "glossary/"}[
                            what
                        ],
                    )
                )
            elif table is book.terms and target == entry.id:
                problems.append(
                    default.problem((*field, index), "names the entry itself", "another entry")
                )

    for cahier in book.cahiers.values():
        if cahier.translated(site.default):
            reference(cahier, ("cases",), cahier.data[site.default]["cases"], book.cases, "case")
    for case in book.cases.values():
        advice = case.data[site.default]["reproduce"] if case.translated(site.default) else None
        if advice is not None:
            reference(case, ("reproduce", "cahiers"), advice["cahiers"], book.cahiers, "cahier")
    for term in book.terms.values():
        if term.translated(site.default):
            related = term.data[site.default]["related"]
            reference(term, ("related",), related, book.terms, "glossary entry")
    for entry in (*book.cases.values(), *book.cahiers.values()):
        _check_anchors(entry, site, outlines, problems)
    _check_links(book, outlines)


def _clash(path: str) -> Problem:
    return Problem(
        path,
        1,
        "file",
        "has the path of a page the engine generates",
        "another name, or the content in cases/, cahiers/ or glossary/",
    )


def _check_anchors(
    entry: Entry, site: Site, outlines: dict[str, list[Heading]], problems: list[Problem]
) -> None:
    """Sections keep the same anchors in every language: trainers link to them."""
    default = entry.files.get(site.default)
    if default is None or default.path not in outlines:
        return
    reference = [a for level, _, a, _ in outlines[default.path] if level in (2, 3)]
    for language, source in entry.files.items():
        if language == site.default or source.path not in outlines:
            continue
        found = [a for level, _, a, _ in outlines[source.path] if level in (2, 3)]
        if found != reference:
            missing = [a for a in reference if a not in found] or [
                a for a in found if a not in reference
            ]
            problems.append(
                Problem(
                    source.path,
                    source.body_line,
                    "body",
                    f"section anchors differ from {default.path} (first difference: {missing[0] if missing else 'order'})",
                    "the same {#id} headings, in the same order, in every language",
                )
            )


def _check_links(book: Casebook, outlines: dict[str, list[Heading]]) -> None:
    pages = book.by_site_path()
    for entry in book.entries():
        for language, source in entry.files.items():
            if source.problems:
                continue
            body = _without_fences(source.body)
            if "`" in body:
                body = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), body)
            for offset, target in _link_targets(body):
                problem = _check_link(entry, language, target, pages, outlines)
                if problem:
                    line = source.body_line + body.count("\n", 0, offset)
                    book.problems.append(Problem(source.path, line, "link", *problem))


def _link_targets(body: str) -> list[tuple[int, str]]:
    """(offset, target) of each link and link reference definition; images are not links."""
    targets = [
        (m.start(1), m[1])
        for m in LINK.finditer(body)
        if not (m.start() and body[m.start() - 1] == "!")
    ]
    return targets + [(m.start(1), m[1]) for m in REFERENCE.finditer(body)]


def _check_link(
    entry: Entry,
    language: str,
    target: str,
    pages: dict[str, Entry],
    outlines: dict[str, list[Heading]],
) -> tuple[str, str] | None:
    if SCHEME.match(target):
        return None  # external: http, mailto…
    path, _, anchor = target.partition("#")
    if not path:
        found = entry
    else:
        if not path.endswith(".md"):
            return None  # assets are checked by the build
        base = entry.site_path.rsplit("/", 1)[0] if "/" in entry.site_path else ""
        resolved: list[str] = []
        for part in [p for p in f"{base}/{path}".split("/") if p not in ("", ".")]:
            if part != "..":
                resolved.append(part)
            elif resolved:
                resolved.pop()
            else:
                return (
                    f"{target!r} points outside the site",
                    "a path to another page, e.g. ../glossary/jumelage.md",
                )
        key = LANGUAGE_SUFFIX.sub("", "/".join(resolved)[: -len(".md")])
        if key in GENERATED:
            return None
        if key.endswith("/index") and key not in pages:
            key = key[: -len("/index")]
        found = pages.get(key)
        if found is None:
            return (
                f"{target!r} is not a page of the casebook" + _page_meant(path, key, pages),
                "a path such as ../cases/ID.md or ../glossary/ID.md",
            )
    source = found.files.get(language)
    if anchor and found.kind != "page" and source is not None and source.path in outlines:
        anchors = {a for _, _, a, _ in outlines[source.path]}
        if anchor not in anchors:
            expected = "one of " + ", ".join(sorted(anchors)) if anchors else "no anchor"
            meant = did_you_mean(f"#{anchor}", [f"#{a}" for a in anchors])
            return f"{target!r}: no section #{anchor} in that page{meant}", expected
    return None


def _page_meant(path: str, key: str, pages: dict[str, Entry]) -> str:
    """The link written with the name of the page of the same folder it probably means."""
    folder, _, name = key.rpartition("/")
    names = [other.rpartition("/")[2] for other in pages if other.rpartition("/")[0] == folder]
    guess = closest(name, names)
    if guess is None:
        return ""
    start, _, end = path.rpartition(name)
    return f"; did you mean {start + guess + end!r}?"
