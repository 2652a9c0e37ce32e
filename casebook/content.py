"""Load every content file, check it, pair translations and merge their facts.

This is the one place that decides whether the casebook is valid. MkDocs hooks and the
``python -m casebook check`` command both call :func:`load`, so a contributor sees the
same messages locally, in pre-commit and in CI.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify
from pydantic import BaseModel, ValidationError

from .frontmatter import SourceFile, parse
from .model import MODELS
from .problems import ContentError, Problem
from .processes import collector_paused
from .vocabularies import DEFAULT_LANGUAGE, LANGUAGES

SECTIONS = {"cases": "case", "cahiers": "cahier", "glossary": "term"}
"""Top-level content folders and the kind of page each holds."""

NEUTRAL = {
    "case": {
        "id",
        "kind",
        "period",
        "themes",
        "instruments",
        "sources",
        "last_reviewed",
        "authors",
    },
    "cahier": {
        "id",
        "number",
        "duration_minutes",
        "audience",
        "cases",
        "sources",
        "last_reviewed",
        "authors",
    },
    "term": {"id", "equivalents", "related", "sources", "last_reviewed"},
    "page": set(),
}
"""Language-neutral fields: written in the French file, repeated in a translation only if equal."""

ALIGNED = {
    "case": {
        "partners": ({"country", "lat", "lon"}, False),
        "milestones": ({"year"}, True),
        "indicators": ({"value", "year", "source"}, True),
    },
    "cahier": {},
    "term": {},
    "page": {},
}
"""Lists whose items a translation gives in the same order: (neutral sub-fields, required)."""

RESERVED_MARKER = "<!-- casebook:"
"""How the markers of rendered parts start (see :class:`casebook.staging.Page`)."""

RESERVED_ANCHORS = {"sources"}
"""Anchors the engine gives to the parts it renders (also every anchor starting with ``cb-``)."""

GENERATED = (
    "cases/index",
    "cases/timeline",
    "cases/compare",
    "cases/themes",
    "cahiers/index",
    "glossary/index",
    "translations",
)
"""Pages the engine writes itself (see :mod:`casebook.staging`); links to them are valid."""

FILE_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2})\.md$")
LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline link; an image is the same preceded by ``!`` (see :func:`_link_targets`)."""
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
HEADING = re.compile(r"(#(?<![^\n]#)#{0,5})\s+(.*?)\s*#*\s*$", re.MULTILINE)
"""An ATX heading: a ``#`` at a line's start (the look-behind comes after it, so the regex
engine scans for ``#`` at C speed instead of trying the pattern at every line's start:
2.5× faster over a casebook's bodies), up to five more, then the text."""
EXPLICIT_ID = re.compile(r"\{\s*[^}]*#([\w-]+)[^}]*\}\s*$")
CODE_SPAN = re.compile(r"`[^`\n]*`")
TODO = re.compile(r"\bTODO\b")
"""The scaffold's placeholder (a word boundary search is slow: asked only when the text is there)."""
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
"""An external link's start (http:, mailto:…): not checked here."""
LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2}$")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)


@dataclass
class Entry:
    """One page in every language: a case, a cahier, a glossary term or a site page."""

    kind: str
    section: str  # folder in the site: cases, cahiers, glossary, or a docs/ sub-folder
    stem: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    source: BaseModel | None = None
    translations: dict[str, BaseModel] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # merged front matter per language
    _headings: dict[str, list] = field(default_factory=dict, repr=False, compare=False)
    _unfenced: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.stem

    @property
    def site_path(self) -> str:
        """Path of the page without language, e.g. ``cases/seoul-mexico-city``."""
        return f"{self.section}/{self.stem}" if self.section else self.stem

    def body(self, language: str) -> str:
        return self.files[language].body

    def headings(self, language: str) -> list[tuple[int, str, str, int]]:
        """(level, text, anchor, line) of each heading, ignoring fenced code.

        Kept once computed: every link to a section of this page looks them up."""
        if language not in self._headings:
            self._headings[language] = list(
                _headings(self.files[language], self.unfenced(language))
            )
        return self._headings[language]

    def unfenced(self, language: str) -> str:
        """The body with fenced code blanked out (same lines), for the heading and link checks."""
        if language not in self._unfenced:
            self._unfenced[language] = _without_fences(self.files[language].body)
        return self._unfenced[language]


@dataclass
class Casebook:
    """Everything the site is built from, checked and merged."""

    root: Path
    cases: dict[str, Entry] = field(default_factory=dict)
    cahiers: dict[str, Entry] = field(default_factory=dict)
    terms: dict[str, Entry] = field(default_factory=dict)
    pages: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def entries(self) -> Iterable[Entry]:
        yield from self.pages.values()
        yield from self.cases.values()
        yield from self.cahiers.values()
        yield from self.terms.values()

    def by_site_path(self) -> dict[str, Entry]:
        return {e.site_path: e for e in self.entries()}


def load(root: Path | str, *, paths: Iterable[Path] | None = None, strict: bool = True) -> Casebook:
    """Read and check the content under ``root``.

    ``paths`` limits the per-file checks to some files (the CLI's ``check FILE``), while
    cross-file rules still see the whole casebook. With ``strict`` any error raises
    :class:`ContentError` listing all of them.
    """
    with collector_paused():
        book = _load(Path(root).resolve(), paths)
    if strict and book.errors:
        raise ContentError(book.errors)
    return book


def _load(root: Path, paths: Iterable[Path] | None) -> Casebook:
    book = Casebook(root)
    groups = _discover(root, book)
    wanted = {Path(p).resolve() for p in paths} if paths is not None else None
    checked: set[str] = set()
    for (kind, section, stem), files in sorted(groups.items()):
        if wanted is not None and not any(path.resolve() in wanted for path in files.paths()):
            # known by name (cross-references need it), parsed only if a link looks inside
            entry = Entry(kind, section, stem, files)
        else:
            entry = _entry(kind, section, stem, files, book.problems)
            checked.add(entry.site_path)
        target = {
            "case": book.cases,
            "cahier": book.cahiers,
            "term": book.terms,
            "page": book.pages,
        }[kind]
        target[entry.site_path if kind == "page" else stem] = entry
    _check_references(book, None if wanted is None else checked)
    if wanted is not None:
        rel = {str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in wanted}
        book.problems = [p for p in book.problems if p.path in rel]
    book.problems.sort()
    return book


class LazyFiles(dict):
    """An entry's files by language, each parsed the first time it is needed.

    Checking one case (``python -m casebook check FILE``) then parses that case and only
    the few files its links point to, not the whole casebook.
    """

    def __init__(self) -> None:
        super().__init__()
        self._paths: dict[str, tuple[str, Path]] = {}

    def __missing__(self, language: str) -> SourceFile:
        rel, path = self._paths[language]
        source = self[language] = parse(rel, path.read_bytes())
        return source

    def __contains__(self, language: object) -> bool:
        return language in self._paths

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def get(self, language, default=None):
        return self[language] if language in self._paths else default

    def keys(self):
        return self._paths.keys()

    def values(self):
        return [self[language] for language in self._paths]

    def items(self):
        return [(language, self[language]) for language in self._paths]

    def paths(self) -> list[Path]:
        return [path for _, path in self._paths.values()]


def _discover(root: Path, book: Casebook) -> dict[tuple[str, str, str], LazyFiles]:
    groups: dict[tuple[str, str, str], LazyFiles] = {}
    candidates: list[tuple[str, str, Path]] = []
    for section, kind in SECTIONS.items():
        folder = root / section
        if folder.is_dir():
            for path in sorted(folder.rglob("*.md")):
                if path.parent != folder:
                    rel = path.relative_to(root).as_posix()
                    book.problems.append(
                        Problem(
                            rel,
                            1,
                            "file name",
                            f"is in a sub-folder of {section}/, where it would not be published",
                            f"{section}/{path.name}",
                        )
                    )
                    continue
                candidates.append((kind, section, path))
    docs = root / "docs"
    if docs.is_dir():
        for p in sorted(docs.rglob("*.md")):
            section = p.parent.relative_to(docs).as_posix()
            candidates.append(("page", "" if section == "." else section, p))
    for kind, section, path in candidates:
        rel = path.relative_to(root).as_posix()
        match = FILE_NAME.match(path.name)
        if not match or match["lang"] not in LANGUAGES:
            book.problems.append(
                Problem(
                    rel,
                    1,
                    "file name",
                    f"{path.name!r}: "
                    + (
                        f"language {match['lang']!r} is not a language of the site"
                        if match
                        else "has no language suffix"
                    ),
                    "NAME.fr.md or NAME.en.md",
                )
            )
            continue
        groups.setdefault((kind, section, match["stem"]), LazyFiles())._paths[match["lang"]] = (
            rel,
            path,
        )
    return groups


def _entry(
    kind: str, section: str, stem: str, files: dict[str, SourceFile], problems: list[Problem]
) -> Entry:
    entry = Entry(kind, section, stem, files)
    for language in LANGUAGES:
        if language not in files:
            present = next(iter(files.values()))
            missing = re.sub(r"\.[a-z]{2}\.md$", f".{language}.md", present.path)
            problems.append(
                Problem(
                    present.path,
                    1,
                    "translation",
                    f"{missing} is missing",
                    f"the page in every language ({', '.join(LANGUAGES)})",
                )
            )
    for source in files.values():
        problems.extend(source.problems)
    source_model, translation_model = MODELS[kind]
    default = files.get(DEFAULT_LANGUAGE)
    if default is not None and not default.problems:
        entry.source = _validate(source_model, default, problems)
        if entry.source is not None and kind == "case":
            problems.extend(_check_case_facts(entry.source, default))
        if entry.source is not None and kind != "page" and entry.source.id != stem:  # type: ignore[attr-defined]
            problems.append(
                default.problem(
                    ("id",), f"{entry.source.id!r} differs from the file name", repr(stem)
                )
            )  # type: ignore[attr-defined]
    facts = entry.source.model_dump() if entry.source is not None else None
    texts: dict[str, dict] = {}
    for language, source in files.items():
        if language == DEFAULT_LANGUAGE or source.problems:
            continue
        translation = _validate(translation_model, source, problems)
        if translation is not None:
            entry.translations[language] = translation
            texts[language] = translation.model_dump(exclude_none=True)
            if facts is not None and default is not None:
                _compare(kind, facts, texts[language], source, default, problems)
    if facts is not None:
        entry.data[DEFAULT_LANGUAGE] = facts
        for language, given in texts.items():
            entry.data[language] = _merge(kind, facts, given)
    for language, source in files.items():
        if not source.problems:
            problems.extend(_check_body(kind, source, entry.headings(language)))
    return entry


def _check_case_facts(case: BaseModel, source: SourceFile) -> list[Problem]:
    """Rules across a case's fields: indicators cite listed sources, milestones run in order."""
    problems = []
    ids = [s.id for s in case.sources]  # type: ignore[attr-defined]
    for index, source_id in enumerate(ids):
        if source_id in ids[:index]:
            problems.append(
                source.problem(
                    ("sources", index, "id"),
                    f"{source_id!r} is used twice",
                    "a different id per source",
                )
            )
    for index, indicator in enumerate(case.indicators):  # type: ignore[attr-defined]
        if indicator.source not in ids:
            problems.append(
                source.problem(
                    ("indicators", index, "source"),
                    f"cites unknown source {indicator.source!r}",
                    "one of " + ", ".join(ids),
                )
            )
    years = [m.year for m in case.milestones]  # type: ignore[attr-defined]
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


def _validate(
    model: type[BaseModel], source: SourceFile, problems: list[Problem]
) -> BaseModel | None:
    try:
        return model.model_validate(source.meta)
    except ValidationError as error:
        problems.extend(_explain(error, model, source))
        return None


def _explain(error: ValidationError, model: type[BaseModel], source: SourceFile) -> list[Problem]:
    """Turn pydantic's errors into messages a contributor acts on."""
    out = []
    for item in error.errors(include_url=False):
        location = tuple(
            p
            for p in item["loc"]
            if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        )
        kind = item["type"]
        value = item.get("input")
        ctx = item.get("ctx") or {}
        expected = ctx.get("expected", "")
        if kind == "casebook":
            message = item["msg"]
        elif kind == "missing":
            message = "is missing"
            expected = _describe(model, location) or "a value"
        elif kind == "extra_forbidden":
            known = _known_keys(model, location[:-1])
            guess = difflib.get_close_matches(str(location[-1]), known, n=1)
            message = "is not a known key" + (f"; did you mean {guess[0]!r}?" if guess else "")
            expected = "one of " + ", ".join(sorted(known))
        elif kind == "literal_error":
            message = f"{value!r} is not in the vocabulary"
            expected = "one of " + ctx.get("expected", "").replace("'", "")
        else:
            message = f"{_type_name(value)} {value!r} is not accepted" + _hint(value)
            expected = _expected_from(kind, ctx, item["msg"])
        out.append(source.problem(location, message, expected))
    return out


def _hint(value: Any) -> str:
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as a boolean: put text in quotes)"
    if type(value).__name__ in ("date", "datetime"):
        return " (YAML reads 2019-07-09 as a date: put it in quotes)"
    return ""


def _type_name(value: Any) -> str:
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "text",
        list: "list",
        dict: "mapping",
        type(None): "empty value",
    }.get(type(value), type(value).__name__)


def _expected_from(kind: str, ctx: dict, message: str) -> str:
    table = {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a mapping (key: value lines)",
        "model_type": "a mapping (key: value lines)",
        "model_attributes_type": "a mapping (key: value lines)",
        "bool_type": "true or false",
        "string_too_long": f"at most {ctx.get('max_length')} characters",
        "too_short": f"at least {ctx.get('min_length')} item(s)",
        "too_long": f"at most {ctx.get('max_length')} item(s)",
        "greater_than_equal": f"a value ≥ {_normal(ctx.get('ge'))}",
        "less_than_equal": f"a value ≤ {_normal(ctx.get('le'))}",
        "string_pattern_mismatch": {
            r"^https?://[^\s<>\"]+$": "an address starting with http:// or https://",
        }.get(ctx.get("pattern", ""), "lower-case words joined by hyphens"),
    }
    return table.get(kind, message)


def _field_info(model: type[BaseModel], location: tuple):
    """Walk a model along a location to the field it names (for descriptions and key lists)."""
    current: Any = model
    info = None
    for part in location:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None, current
        info = fields[part]
        annotation = info.annotation
        current = _inner_model(annotation)
    return info, current


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(getattr(item, "__args__", ()))
    return None


def _describe(model: type[BaseModel], location: tuple) -> str:
    info, _ = _field_info(model, location)
    return (info.description or "") if info else ""


def _known_keys(model: type[BaseModel], location: tuple) -> list[str]:
    if location:
        _, inner = _field_info(model, location)
    else:
        inner = model
    return list(getattr(inner, "model_fields", {}) or [])


def _compare(
    kind: str,
    original: dict,
    given: dict,
    source: SourceFile,
    default: SourceFile,
    problems: list[Problem],
) -> None:
    """A translation may repeat a fact only to say the same thing (``original``: the
    source's validated facts; ``given``: the translation's, without its empty fields)."""
    for key in NEUTRAL[kind]:
        if (
            key in given
            and key in source.meta
            and _normal(given[key]) != _normal(original.get(key))
        ):
            problems.append(
                source.problem(
                    (key,),
                    f"contradicts {default.path}:{default.line_of((key,))}",
                    f"{_show(original.get(key))} or the key left out (it is inherited)",
                )
            )
    for key, (neutral, required) in ALIGNED[kind].items():
        theirs = original.get(key) or []
        ours = given.get(key)
        if ours is None:
            if required and theirs:
                problems.append(
                    source.problem(
                        (key,),
                        "is missing",
                        f"{len(theirs)} item(s) with their text translated, in the order of {default.path}",
                    )
                )
            continue
        if len(ours) != len(theirs):
            problems.append(
                source.problem(
                    (key,),
                    f"has {len(ours)} item(s) but {default.path} has {len(theirs)}",
                    "the same items in the same order",
                )
            )
            continue
        for index, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
            for sub in sorted(neutral):
                if sub in mine and _normal(mine[sub]) != _normal(reference.get(sub)):
                    problems.append(
                        source.problem(
                            (key, index, sub),
                            f"{_show(mine[sub])} contradicts {default.path}:{default.line_of((key, index, sub))}",
                            f"{_show(reference.get(sub))} or the key left out (it is inherited)",
                        )
                    )


def _normal(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v is not None}
    return value


def _show(value: Any) -> str:
    return repr(_normal(value))


def _merge(kind: str, facts: dict, texts: dict) -> dict:
    """The translation's texts over the source's facts; aligned lists merged item by item."""
    merged = {**facts, **{k: v for k, v in texts.items() if k not in ALIGNED[kind]}}
    for key in ALIGNED[kind]:
        base = facts.get(key) or []
        mine = texts.get(key) or [{}] * len(base)
        merged[key] = [{**b, **m} for b, m in zip(base, mine, strict=False)]
    return merged


def _without_fences(body: str) -> str:
    """The body with fenced code blanked out (same line numbers)."""
    if "```" not in body and "~~~" not in body:
        return body
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def _headings(source: SourceFile, body: str) -> Iterable[tuple[int, str, str, int]]:
    """The headings of ``source``, read from its ``body`` without fenced code."""
    line, counted = source.body_line, 0
    for match in HEADING.finditer(body):
        level = len(match[1])
        text = match[2]
        explicit = EXPLICIT_ID.search(text)
        anchor = explicit[1] if explicit else slugify(EXPLICIT_ID.sub("", text), "-")
        line += body.count("\n", counted, match.start())
        counted = match.start()
        yield level, EXPLICIT_ID.sub("", text).strip(), anchor, line


def _check_body(
    kind: str, source: SourceFile, headings: list[tuple[int, str, str, int]]
) -> list[Problem]:
    """Body rules of one parsed file; ``headings`` are its entry's, computed once for all
    the checks (anchors shared across languages, links to sections)."""
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
    todo = TODO.search(source.body) if "TODO" in source.body else None
    if todo:
        line = source.body_line + source.body[: todo.start()].count("\n")
        problems.append(
            Problem(source.path, line, "body", "still holds a TODO placeholder", "your own text")
        )
    lines = source.body.split("\n")
    for level, text, _anchor, line in headings:
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
        if (
            kind in ("case", "cahier")
            and level in (2, 3)
            and not EXPLICIT_ID.search(lines[line - source.body_line])
        ):
            problems.append(
                Problem(
                    source.path,
                    line,
                    "body",
                    f"heading {text!r} has no stable anchor",
                    f"an explicit id shared by both languages, e.g. '{'#' * level} {text} {{#{slugify(text, '-')}}}'",
                )
            )
    return problems


def _check_references(book: Casebook, only: set[str] | None = None) -> None:
    """Rules that look across files: cross-references, shared anchors, links."""
    problems = book.problems

    def selected(entries):
        return [e for e in entries if only is None or e.site_path in only]

    generated = set(GENERATED) | {
        e.site_path for e in (*book.cases.values(), *book.cahiers.values(), *book.terms.values())
    }
    for page in selected(book.pages.values()):
        if page.site_path in generated:
            for source in page.files.values():
                problems.append(
                    Problem(
                        source.path,
                        1,
                        "file",
                        "has the path of a page the engine generates",
                        "another name, or the content in cases/, cahiers/ or glossary/",
                    )
                )

    for cahier in selected(book.cahiers.values()):
        default = cahier.files.get(DEFAULT_LANGUAGE)
        if cahier.source is not None and default is not None:
            for index, case_id in enumerate(cahier.source.cases):  # type: ignore[attr-defined]
                if case_id not in book.cases:
                    problems.append(
                        default.problem(
                            ("cases", index),
                            f"unknown case {case_id!r}",
                            "the id of a file in cases/",
                        )
                    )
    for cahier in selected([*book.cases.values(), *book.cahiers.values()]):
        default = cahier.files.get(DEFAULT_LANGUAGE)
        anchors = {
            lang: [a for level, _, a, _ in cahier.headings(lang) if level in (2, 3)]
            for lang in LANGUAGES
            if lang in cahier.files and not cahier.files[lang].problems
        }
        if len(anchors) == len(LANGUAGES) and default is not None:
            reference = anchors[DEFAULT_LANGUAGE]
            for language, found in anchors.items():
                if found != reference:
                    missing = [a for a in reference if a not in found] or [
                        a for a in found if a not in reference
                    ]
                    problems.append(
                        Problem(
                            cahier.files[language].path,
                            cahier.files[language].body_line,
                            "body",
                            f"section anchors differ from {default.path} (first difference: {missing[0] if missing else 'order'})",
                            "the same {#id} headings, in the same order, in both languages",
                        )
                    )
    for term in selected(book.terms.values()):
        default = term.files.get(DEFAULT_LANGUAGE)
        if term.source is not None and default is not None:
            for index, related in enumerate(term.source.related):  # type: ignore[attr-defined]
                if related not in book.terms:
                    problems.append(
                        default.problem(
                            ("related", index),
                            f"unknown glossary entry {related!r}",
                            "the id of a file in glossary/",
                        )
                    )
                elif related == term.id:
                    problems.append(
                        default.problem(
                            ("related", index), "names the entry itself", "another entry"
                        )
                    )
    _check_links(book, only)


def _check_links(book: Casebook, only: set[str] | None = None) -> None:
    pages = book.by_site_path()
    for entry in book.entries():
        if only is not None and entry.site_path not in only:
            continue
        for language, source in entry.files.items():
            if source.problems:
                continue
            body = entry.unfenced(language)
            if "`" in body:
                body = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), body)
            for offset, target in _link_targets(body):
                problem = _check_link(entry, language, target, pages)
                if problem:
                    line = source.body_line + body[:offset].count("\n")
                    book.problems.append(Problem(source.path, line, "link", problem[0], problem[1]))


def _link_targets(body: str) -> list[tuple[int, str]]:
    """(offset, target) of each link and link reference definition; images are not links."""
    targets = [
        (m.start(1), m[1])
        for m in LINK.finditer(body)
        if not (m.start() and body[m.start() - 1] == "!")
    ]
    if "]:" in body:
        targets += [(m.start(1), m[1]) for m in REFERENCE.finditer(body)]
    return targets


def _check_link(
    entry: Entry, language: str, target: str, pages: dict[str, Entry]
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
        parts = [p for p in (base + "/" + path).split("/") if p not in ("", ".")]
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                if not resolved:
                    return (
                        f"{target!r} points outside the site",
                        "a path to another page, e.g. ../glossary/jumelage.md",
                    )
                resolved.pop()
            else:
                resolved.append(part)
        key = "/".join(resolved)[: -len(".md")]
        key = LANGUAGE_SUFFIX.sub("", key)
        if key in GENERATED:
            return None
        if key.endswith("/index") and key not in pages:
            key = key[: -len("/index")]
        found = pages.get(key)
        if found is None:
            return (
                f"{target!r} is not a page of the casebook",
                "a path such as ../cases/ID.md or ../glossary/ID.md",
            )
    if anchor and language in found.files and not found.files[language].problems:
        anchors = {a for _, _, a, _ in found.headings(language)}
        if anchor not in anchors and found.kind != "page":
            return f"{target!r}: no section #{anchor} in that page", "one of " + ", ".join(
                sorted(anchors)
            ) if anchors else "no anchor"
    return None
