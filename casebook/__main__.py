"""Command line: ``python -m casebook check [PATH…]``, ``new ID``, ``schema``, ``build``,
``pdf``.

Modelled on FastAPI's ``scripts/docs.py``: one small command per task a contributor or
CI runs, each returning a process exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import site
from .book import FOLDERS
from .checks import load


def _resolve(path: str, root: Path) -> Path | str:
    """A path as given, or relative to ``root``; a message when it is not content."""
    candidate = Path(path)
    if not candidate.is_absolute() and not candidate.exists():
        candidate = root / path
    if not candidate.is_file():
        return f"{path}:1: file: does not exist (expected a file under {', '.join(FOLDERS)})"
    try:
        rel = candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return f"{path}:1: file: is outside the project {root} (expected a file under it)"
    if rel.parts[0] not in FOLDERS or rel.suffix != ".md":
        return f"{path}:1: file: is not a content file (expected a .md file under {', '.join(FOLDERS)})"
    return candidate


def check(paths: list[str], root: Path) -> int:
    """Validate content; print every problem; 0 when clean, 1 otherwise."""
    resolved = [_resolve(p, root) for p in paths]
    refused = [r for r in resolved if isinstance(r, str)]
    for message in refused:
        print(message)
    if refused:
        print(f"{len(refused)} file(s) could not be checked.", file=sys.stderr)
        return 1
    wanted = [r for r in resolved if isinstance(r, Path)] or None
    book = load(site.read(root), paths=wanted, strict=False)
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
    build_parser = commands.add_parser(
        "build", help="build the site, every language side by side (as mkdocs build does, faster)"
    )
    build_parser.add_argument("--site-dir", type=Path, default=Path("site"))
    build_parser.add_argument(
        "--jobs", type=int, default=0, help="builds at a time (default: every language at once)"
    )
    build_parser.add_argument(
        "--pdf",
        action="store_true",
        help="then make the PDF of every case and cahier, and each cahier's course pack",
    )
    pdf_parser = commands.add_parser(
        "pdf", help="make the PDFs of a site already built by `build --pdf`"
    )
    pdf_parser.add_argument("--site-dir", type=Path, default=Path("site"))
    pdf_parser.add_argument(
        "--jobs", type=int, default=0, help="PDFs made at a time (default: one per core)"
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths, args.root)
    if args.command == "new":
        from .scaffold import new_case

        return new_case(site.read(args.root), args.id)
    if args.command == "schema":
        from .schema import write_schemas

        for path in write_schemas(args.root / args.out):
            print(path)
        return 0
    if args.command == "build":
        from .build import build

        site_dir = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
        return build(args.root, site_dir.resolve(), jobs=args.jobs, pdf=args.pdf)
    if args.command == "pdf":
        from .pdf import make_all

        site_dir = args.site_dir if args.site_dir.is_absolute() else args.root / args.site_dir
        return make_all(args.root, site_dir.resolve(), jobs=args.jobs)
    return 2


if __name__ == "__main__":
    sys.exit(main())
