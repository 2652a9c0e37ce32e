"""Read a Markdown file's YAML front matter with the line of every key.

MkDocs silently replaces unparsable front matter with ``{}``; PyYAML silently keeps the
last of two duplicate keys. Here every such case becomes a :class:`Problem` with a line
number, and every value keeps the line it was written on so that later checks (the
model, the translation rules) can point at it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem
from .vocabularies import SAFE_LOADER

CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
"""The line that closes a front matter (trailing spaces allowed)."""

MAX_BYTES = 1_000_000
"""A case is a few thousand words; anything far larger is a mistake (or an attack)."""

Path_ = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed content file: its front matter, its Markdown body and where things are."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, location: Path_) -> int:
        """The line of the deepest known part of ``location`` (a key path like ``("partners", 0, "lat")``)."""
        for end in range(len(location), 0, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, location: Path_, message: str, expected: str = "") -> Problem:
        return Problem(self.path, self.line_of(location), dotted(location), message, expected)


def dotted(location: Path_) -> str:
    """``("partners", 0, "lat")`` → ``partners[0].lat``: how a contributor finds a field."""
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only, BOM and CRLF tolerated, size bounded."""
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(path, 1, "file", f"is {len(raw):,} bytes", f"at most {MAX_BYTES:,} bytes")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "file",
                f"byte 0x{raw[error.start]:02x} is not UTF-8",
                "a file saved as UTF-8",
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, "file", "contains a NUL character", "plain text")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(path: str, raw: bytes) -> SourceFile:
    """Parse one content file; problems are collected on the result, never raised."""
    source = SourceFile(path)
    text, source.problems = decode(path, raw)
    if text is None:
        return source
    if not text.strip():
        source.problems.append(
            Problem(path, 1, "front matter", "the file is empty", "front matter between --- lines")
        )
        return source
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        source.problems.append(
            Problem(path, 1, "front matter", "missing", "the file to start with a line '---'")
        )
        return source
    close = CLOSING.search(rest)
    if close is None:
        source.problems.append(
            Problem(path, 1, "front matter", "is never closed", "a second line '---'")
        )
        return source
    block = rest[: max(close.start() - 1, 0)]
    source.body = rest[close.end() + 1 :]
    source.body_line = rest.count("\n", 0, close.start()) + 3
    try:
        node = _compose(block)
    except RecursionError:
        source.problems.append(
            Problem(
                path,
                2,
                "front matter",
                "is nested too deeply to read",
                f"at most {MAX_DEPTH} levels",
            )
        )
        return source
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        found = getattr(error, "problem_mark", None)
        if found is not None and found.line + 2 != line:
            reason += f" (noticed on line {found.line + 2})"
        source.problems.append(
            Problem(path, line, "front matter", f"YAML syntax error: {reason}", "valid YAML")
        )
        return source
    if node is None:
        source.problems.append(
            Problem(path, 1, "front matter", "is empty", "keys such as id, title, summary")
        )
        return source
    if not isinstance(node, yaml.MappingNode):
        source.problems.append(
            Problem(
                path,
                node.start_mark.line + 2,
                "front matter",
                "is not a mapping",
                "key: value lines",
            )
        )
        return source
    source.meta = _construct(node, (), source, set())
    return source


def _compose(block: str) -> yaml.Node | None:
    """Fast path with libyaml; on an error, PyYAML's own parser gives the clearer message."""
    try:
        return yaml.compose(block, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return yaml.compose(block, Loader=yaml.SafeLoader)


@functools.cache
def _scalar_constructor() -> yaml.SafeLoader:
    """Scalars are typed by PyYAML's safe constructor (one instance, reused)."""
    return yaml.SafeLoader("")


STR_TAG = "tag:yaml.org,2002:str"

MAX_DEPTH = 12
"""Front matter is a few levels deep (partners → item → lat); deeper means a mistake or an attack."""


def _construct(node: yaml.Node, location: Path_, source: SourceFile, seen: set[int]) -> Any:
    """Build Python values from YAML nodes, recording lines, refusing duplicate keys and aliases.

    Aliases (``*name``) are refused: nothing in the format needs them, and a few nested
    ones expand into gigabytes (the "billion laughs") or into a value that contains itself.
    """
    line = node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:
            source.problems.append(
                Problem(
                    source.path,
                    line,
                    dotted(location),
                    "repeats a value with a YAML alias (*name)",
                    "the value written out",
                )
            )
            return None
        seen.add(id(node))
        if len(location) >= MAX_DEPTH:
            source.problems.append(
                Problem(
                    source.path,
                    line,
                    dotted(location),
                    "is nested too deeply",
                    f"at most {MAX_DEPTH} levels",
                )
            )
            return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 2
            if not isinstance(key, str) or key_node.tag != STR_TAG:
                source.problems.append(
                    Problem(
                        source.path,
                        key_line,
                        dotted(location),
                        f"key {key!r} is not text",
                        "a plain name",
                    )
                )
                continue
            if key in result:
                source.problems.append(
                    Problem(
                        source.path,
                        key_line,
                        dotted((*location, key)),
                        f"is given twice (first on line {source.lines[(*location, key)]})",
                        "each key once",
                    )
                )
                continue
            source.lines[(*location, key)] = key_line
            result[key] = _construct(value_node, (*location, key), source, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            source.lines[(*location, index)] = item.start_mark.line + 2
            items.append(_construct(item, (*location, index), source, seen))
        return items
    source.lines.setdefault(location, line)
    if node.tag == STR_TAG:  # most values: the text as written, nothing to construct
        return node.value
    constructor = _scalar_constructor()
    constructor.constructed_objects.clear()  # one constructor reused: forget the last value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        source.problems.append(
            Problem(
                source.path,
                line,
                dotted(location),
                f"unreadable value: {reason}",
                "plain text, a number, a date or true/false; quote it if in doubt",
            )
        )
        return None
