"""A language is configuration and files, never code: a fixture site adds Portuguese."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import ENV, ROOT, make_project

VALID = Path(__file__).parent / "fixtures" / "valid"

PORTUGUESE_CASE = """---
title: "Lyon – Bamako: um caso de teste"
summary: "Um caso fictício, completo e válido, que serve de base aos testes do validador."
partners:
  - name: Lião
  - name: Bamako
milestones:
  - label: "Primeiro convênio"
  - label: "Segundo convênio"
indicators:
  - label: "Projetos realizados"
reproduce:
  preconditions: [{text: "Um convênio escrito entre as duas cidades."}]
  first_steps: [{text: "Reunir os serviços envolvidos dos dois lados."}]
  involve: [{text: "As associações da diáspora."}]
  pitfalls: [{text: "Projetos sem acompanhamento."}]
  indicators: [{text: "O número de projetos realizados."}]
---

## Contexto {#context}

Um texto sobre cooperação descentralizada.
"""

PORTUGUESE = """        - locale: pt
          name: Português
          build: true
          site_name: Cidades em cooperação
"""


def _portuguese_site(tmp_path: Path) -> Path:
    """The valid fixture, in a copy of the project (the engine as a fork would hold it),
    with Portuguese added by three files: mkdocs.yml, a locale file and one translation."""
    files = {
        p.relative_to(VALID).as_posix(): p.read_text(encoding="utf-8") for p in VALID.rglob("*.md")
    }
    project = make_project(tmp_path, {**files, "cases/lyon-bamako.pt.md": PORTUGUESE_CASE})
    shutil.copytree(
        ROOT / "casebook", project / "casebook", ignore=shutil.ignore_patterns("__pycache__")
    )
    english = (ROOT / "casebook" / "locales" / "en.yml").read_text(encoding="utf-8")
    portuguese = (
        re.sub(r"^babel: .*$", "babel: pt_BR", english, count=1, flags=re.MULTILINE)
        .replace("fact_sheet: Case facts", "fact_sheet: Ficha do caso")
        .replace(
            'untranslated_banner: "This page is not translated yet',
            'untranslated_banner: "Esta página ainda não foi traduzida',
        )
    )
    assert portuguese != english
    (project / "casebook" / "locales" / "pt.yml").write_text(portuguese, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - macros:"
    config.write_text(text.replace(anchor, PORTUGUESE + anchor, 1), encoding="utf-8")
    return project


def _run(project: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=project,
        env={**ENV, "PYTHONPATH": str(project)},  # the project's copy of the engine
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_fourth_language_is_configuration_and_files(tmp_path):
    project = _portuguese_site(tmp_path)
    code = [p for p in (project / "casebook").rglob("*.py")]
    assert code and all(
        filecmp.cmp(p, ROOT / "casebook" / p.relative_to(project / "casebook"), shallow=False)
        for p in code
    ), "adding a language changed the engine's code"

    check = _run(project, "casebook", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert (
        "cahiers/module.pt.md is missing; the Portuguese page shows the French text" in check.stderr
    )

    site = tmp_path / "site"
    built = _run(project, "casebook", "build", "--pdf", "--site-dir", str(site))
    assert built.returncode == 0, built.stdout + built.stderr

    case = (site / "pt" / "cases" / "lyon-bamako.html").read_text(encoding="utf-8")
    assert '<html lang="pt"' in case and "Lyon – Bamako: um caso de teste" in case
    assert "Ficha do caso" in case and "Mali" in case  # the locale file, and CLDR's names
    alternates = dict(
        (lang, href)
        for href, lang in re.findall(
            r'<link rel="alternate" href="([^"]+)" hreflang="([\w-]+)">', case
        )
    )
    assert set(alternates) == {"fr", "en", "es", "pt", "x-default"}
    switcher = re.findall(r'class="md-select__link">\s*([^<]+?)\s*<', case)
    assert switcher == ["Français", "English", "Español", "Português"]

    fallback = (site / "pt" / "cahiers" / "module.html").read_text(encoding="utf-8")
    assert "Esta página ainda não foi traduzida" in fallback and '<div lang="fr">' in fallback

    index = json.loads((site / "pt" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["pt"]
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "cases/lyon-bamako.html" in locations
    assert all((site / "pt" / location).is_file() for location in locations if location)
    assert (site / "pt" / "sitemap.xml").is_file()
    assert "pt/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    data = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert data["cases"][0]["title"]["pt"] == "Lyon – Bamako: um caso de teste"
    # Its PDFs too, linked from its pages, in its words.
    assert 'href="lyon-bamako.pdf"' in case
    text = "".join(
        page.extract_text() for page in PdfReader(site / "pt/cases/lyon-bamako.pdf").pages
    )
    assert "Lyon – Bamako: um caso de teste" in " ".join(text.split())
    assert (site / "pt" / "cahiers" / "module-pack.pdf").is_file()
