"""Command line: ``python -m casebook check [PATH…]``, ``new ID``, ``schema``.

Modelled on FastAPI's ``scripts/docs.py``: one small command per task a contributor or
CI runs, each returning a process exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import load


def check(paths: list[str], root: Path) -> int:
    """Validate content; print every problem; 0 when clean, 1 otherwise."""
    book = load(root, paths=[Path(p) for p in paths] or None, strict=False)
    for problem in book.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    for problem in book.errors:
        print(problem)
    if book.errors:
        count = len(book.errors)
        print(f"{count} problem{'s' if count > 1 else ''} found.", file=sys.stderr)
        return 1
    checked = len(paths) if paths else sum(len(e.files) for e in book.entries())
    print(f"{checked} file{'s' if checked != 1 else ''} checked: no problem.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate cases, cahiers, glossary and pages")
    check_parser.add_argument("paths", nargs="*", help="files to check (default: everything)")
    new_parser = commands.add_parser("new", help="scaffold a case in every language")
    new_parser.add_argument("id", help="the case id, e.g. lyon-ouagadougou")
    schema_parser = commands.add_parser("schema", help="write the JSON Schemas of the front matter")
    schema_parser.add_argument("--out", type=Path, default=Path("docs/schemas"))
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths, args.root)
    if args.command == "new":
        from .scaffold import new_case

        return new_case(args.root, args.id)
    if args.command == "schema":
        from .schema import write_schemas

        for path in write_schemas(args.root / args.out):
            print(path)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
