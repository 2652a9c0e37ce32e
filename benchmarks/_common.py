"""Shared helpers of the benchmark scripts: synthetic content, temp projects, builds, profiles.

Nothing here is timed by itself. The generators are deterministic (seeded), so two runs
build exactly the same pages; every generated file follows the project's content format
(see ``tests/fixtures/valid`` and ``CONTRIBUTING.en.md``) and passes
``python -m casebook check``.
"""

from __future__ import annotations

import atexit
import compileall
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SOURCE = ROOT
"""Where the measured project comes from: the working tree, or a snapshot (``--ref``)."""
SOURCE_LABEL = "working tree"
CASEBOOK_DIR = ROOT / "casebook"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
PROJECT_PATHS = ["mkdocs.yml", "hooks", "overrides", "docs", "casebook", "cases", "cahiers"]
PROJECT_PATHS += ["glossary"]


def use_source(ref: str | None) -> None:
    """Measure the working tree (``ref`` None) or the project as committed at ``ref``.

    A snapshot (``git archive``) keeps a long run consistent while the working tree
    changes. Either way the measured ``casebook`` package goes first on the path, here
    and in every build subprocess, whatever an editable install elsewhere points to.
    Call before importing :mod:`casebook`.
    """
    global SOURCE, SOURCE_LABEL, CASEBOOK_DIR
    if ref is not None:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True
        )
        if sha.returncode != 0:
            raise SystemExit(f"unknown git ref {ref!r}: {sha.stderr.strip()}")
        archive = subprocess.run(
            ["git", "archive", "--format=tar", ref, "--", *PROJECT_PATHS],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        SOURCE = Path(tempfile.mkdtemp(prefix="casebook-bench-source-"))
        atexit.register(shutil.rmtree, SOURCE, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(SOURCE, filter="data")
        SOURCE_LABEL = f"git {ref} ({sha.stdout.strip()})"
    CASEBOOK_DIR = SOURCE / "casebook"
    compile_sources(CASEBOOK_DIR)
    sys.path.insert(0, str(SOURCE))
    ENV["PYTHONPATH"] = os.pathsep.join(
        [str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]
    )


def compile_sources(folder: Path) -> None:
    """Write the bytecode of the Python files under ``folder``, as a first build would.

    Every build then measures the project's code as it runs from the second build on, on
    an equal footing with MkDocs, Material and the other installed packages, whose
    bytecode pip wrote at install time. Without this, wherever bytecode is not written
    (``PYTHONDONTWRITEBYTECODE``, as on some CI machines), each build would also count
    compiling the project's modules (0.03–0.1 s) in the hooks' share.
    """
    compileall.compile_dir(str(folder), quiet=1)


# The project's Markdown configuration (mkdocs.yml), for conversions outside MkDocs.
MARKDOWN_EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "tables",
    "admonition",
    "footnotes",
    "def_list",
    "abbr",
    "pymdownx.details",
    "pymdownx.superfences",
    "toc",
]
MARKDOWN_CONFIGS = {"toc": {"permalink": True, "permalink_title": ""}}

# Section headings every case carries (CONTRIBUTING.en.md), with their shared anchors.
SECTIONS = {
    "fr": [
        ("Contexte", "context"),
        ("Partenaires et instruments", "partners"),
        ("Ce qui a été fait", "what-was-done"),
        ("Résultats et indicateurs", "results"),
        ("Difficultés", "difficulties"),
        ("Enseignements", "lessons"),
        ("Questions pour la discussion", "questions"),
    ],
    "en": [
        ("Context", "context"),
        ("Partners and instruments", "partners"),
        ("What was done", "what-was-done"),
        ("Results and indicators", "results"),
        ("Difficulties", "difficulties"),
        ("Lessons", "lessons"),
        ("Questions for discussion", "questions"),
    ],
}

# Everyday words the filler text is made of (never glossary terms by themselves).
FILLER_TEXT = {
    "fr": (
        "le la les un une des de du et en dans pour avec sur par qui que au aux ses leur "
        "ville villes maire conseil projet projets année partenaires accord action actions "
        "habitants service services équipe élus budget été a ont est sont fut avait plus "
        "très aussi puis ainsi depuis entre après avant chaque plusieurs premier première "
        "nouvelle nouveau mise place suivi réunion mission rapport travail territoire"
    ),
    "en": (
        "the a an of and in for with on by which that to its their city cities mayor council "
        "project projects year partners agreement action actions residents service services "
        "team officials budget was were has have is are more very also then thus since "
        "between after before each several first new place follow-up meeting mission report "
        "work territory"
    ),
}
FILLER = {language: text.split() for language, text in FILLER_TEXT.items()}
ONSETS = ["", "b", "c", "ch", "d", "f", "g", "gr", "j", "l", "m", "n", "p", "pr", "r", "s", "t"]
ONSETS += ["tr", "v", "qu", "bl", "cl", "fl", "pl", "st"]
VOWELS = {
    "fr": ["a", "e", "é", "è", "ê", "i", "o", "ou", "u", "au", "ai", "oi", "an", "en", "on"]
    + ["in", "é", "â", "ô", "û", "ï", "ç" + "a"],
    "en": ["a", "e", "i", "o", "u", "ea", "ee", "oo", "ou", "ai", "ay", "ow", "er", "ar"],
}
CODAS = ["", "", "", "", "n", "r", "s", "l", "t", "m"]
SUFFIXES = {
    "fr": ["tion", "ment", "ité", "age", "ière", "isme", "ence", "ée", "eur", "ique"],
    "en": ["tion", "ment", "ity", "age", "ship", "ism", "ence", "ing", "er", "ic"],
}
COUNTRIES = ["FR", "ML", "SN", "MX", "KR", "BR", "CN", "JP", "DE", "ES", "IT", "MA", "TN"]
COUNTRIES += ["VN", "CO", "UY", "HT", "CA", "US", "BF", "CL", "AR", "PE", "BJ", "CM"]
KINDS = ["twinning", "decentralised-cooperation", "economic-partnership", "agency", "network"]
KINDS += ["evaluation", "institutionalisation"]
THEMES = ["training", "civil-service", "urban-safety", "smart-city", "governance"]
THEMES += ["capacity-building", "economic-development", "education", "health"]
THEMES += ["water-agriculture", "international-strategy", "evaluation", "solidarity", "networks"]
INSTRUMENTS = ["twinning-agreement", "cooperation-agreement", "scholarships"]
INSTRUMENTS += ["training-programme", "peer-exchange", "co-financing", "city-agency"]
INSTRUMENTS += ["development-plan", "indicators", "in-house-evaluation"]


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def fold_key(text: str) -> str:
    """How the linker compares forms: without accents, case-insensitive."""
    return ascii_slug(text).replace("-", " ")


class Words:
    """A deterministic supply of made-up French- or English-like words."""

    def __init__(self, rng: random.Random, language: str) -> None:
        self.rng, self.language = rng, language
        self.seen: set[str] = set(FILLER[language])

    def word(self, syllables: tuple[int, int] = (2, 4), suffix: float = 0.4) -> str:
        while True:
            parts = [
                self.rng.choice(ONSETS) + self.rng.choice(VOWELS[self.language])
                for _ in range(self.rng.randint(*syllables))
            ]
            parts.append(self.rng.choice(CODAS))
            if self.rng.random() < suffix:
                parts.append(self.rng.choice(SUFFIXES[self.language]))
            word = "".join(parts)
            if len(word) >= 4 and fold_key(word) not in self.seen and "todo" not in word:
                self.seen.add(fold_key(word))
                return word


# --- Glossary ------------------------------------------------------------------------------


@dataclass
class GlossaryTerm:
    id: str
    forms: dict[str, list[str]]  # language → [term, *aliases]
    short: dict[str, str]
    related: list[str] = field(default_factory=list)


def _inflect(word: str, language: str, rng: random.Random) -> str:
    if language == "fr":
        return word + rng.choice(["s", "x", "es"]) if not word.endswith("s") else word + "es"
    return word + ("es" if word.endswith(("s", "x", "ch")) else "s")


def make_glossary(count: int, seed: int = 1) -> list[GlossaryTerm]:
    """``count`` terms, each with 2–3 aliases per language (inflections, sometimes an acronym)."""
    rng = random.Random(seed)
    words = {language: Words(rng, language) for language in ("fr", "en")}
    taken: set[str] = set()  # every form, folded: two terms never share one
    acronyms: set[str] = set()
    terms = []
    for index in range(count):
        forms: dict[str, list[str]] = {}
        for language in ("fr", "en"):
            while True:
                size = rng.choice([1, 1, 2, 2, 2, 3])
                parts = [words[language].word((1, 3) if size > 1 else (2, 4)) for _ in range(size)]
                term = " ".join(parts)
                aliases = [" ".join(_inflect(p, language, rng) for p in parts)]
                aliases.append(
                    " ".join([parts[0] + ("e" if language == "fr" else "ed"), *parts[1:]])
                )
                acronym = "".join(p[0] for p in parts).upper() + rng.choice("BCDFGKLMPRSTVX")
                acronym = ascii_slug(acronym).upper()
                if rng.random() < 0.3 and acronym not in acronyms and len(acronym) >= 2:
                    aliases.append(acronym)
                elif rng.random() < 0.6:
                    aliases.append(" ".join([*parts[:-1], _inflect(parts[-1], language, rng)]))
                aliases = list(dict.fromkeys(a for a in aliases if a != term))
                keys = {fold_key(f) for f in [term, *aliases]}
                if len(aliases) >= 2 and not keys & taken:
                    taken |= keys
                    acronyms |= {a for a in aliases if a.isupper()}
                    forms[language] = [term.capitalize(), *aliases]
                    break
        terms.append(
            GlossaryTerm(
                id=f"terme-{index:04d}-{ascii_slug(forms['fr'][0])}"[:60].strip("-"),
                forms=forms,
                short={
                    "fr": f"Définition courte de « {forms['fr'][0]} », en une phrase.",
                    "en": f"Short definition of “{forms['en'][0]}”, in one sentence.",
                },
            )
        )
    for term in terms:
        others = [t.id for t in rng.sample(terms, min(3, len(terms))) if t.id != term.id]
        term.related = others[:2]
    return terms


# --- Markdown bodies -----------------------------------------------------------------------


class Prose:
    """Paragraphs of filler text that mention glossary terms at a realistic rate."""

    def __init__(self, rng: random.Random, language: str, glossary: list[GlossaryTerm]) -> None:
        self.rng, self.language, self.glossary = rng, language, glossary
        words = Words(random.Random(rng.random()), language)
        self.vocabulary = FILLER[language] * 3 + [words.word((1, 3), 0.3) for _ in range(400)]

    def term(self) -> str:
        form = self.rng.choice(self.rng.choice(self.glossary).forms[self.language])
        return form if form.isupper() else form.lower()  # acronyms match only in capitals

    def sentence(self, words: int, terms: int = 1) -> str:
        tokens = self.rng.choices(self.vocabulary, k=words)
        for _ in range(terms):
            tokens.insert(self.rng.randrange(len(tokens) + 1), self.term())
        text = " ".join(tokens)
        return text[0].upper() + text[1:] + self.rng.choice([".", ".", ".", " ;", " :"])

    def paragraph(self, words: int, extras: list[str] | None = None) -> str:
        sentences, written = [], 0
        while written < words:
            size = self.rng.randint(8, 18)
            sentences.append(self.sentence(size, terms=self.rng.choice([0, 1, 1, 2])))
            written += size
        for extra in extras or []:
            sentences.insert(self.rng.randrange(len(sentences) + 1), extra)
        text = " ".join(sentences).rstrip(" ;:")
        return text if text.endswith(".") else text + "."


EXTRAS = {
    "fr": (
        "Voir aussi [{title}]({target}).",
        "Source : [rapport]({url}).",
        "Le fichier `{code}.csv` reprend les données.",
    ),
    "en": (
        "See also [{title}]({target}).",
        "Source: [report]({url}).",
        "The file `{code}.csv` holds the data.",
    ),
}


def page_body(prose: Prose, others: list[tuple[str, str]], words: int = 800) -> str:
    """A case body: the seven anchored ``##`` sections, paragraphs, links, code, a list.

    ``others`` are (id, title) of other cases this page may link to (relative links, as a
    contributor writes them; a few point at a section anchor).
    """
    rng, language = prose.rng, prose.language
    see, source, code = EXTRAS[language]
    # Term insertions, link and code sentences and the list add about a third to the budget.
    per_section = max(30, int(words * 0.62) // len(SECTIONS[language]))
    blocks = []
    for number, (heading, anchor) in enumerate(SECTIONS[language]):
        blocks.append(f"## {heading} {{#{anchor}}}")
        remaining = per_section
        while remaining > 0:
            size = min(remaining, rng.randint(45, 90))
            extras = []
            if others and rng.random() < 0.35:
                other_id, other_title = rng.choice(others)
                target = f"{other_id}.md" + ("#results" if rng.random() < 0.3 else "")
                extras.append(see.format(title=other_title, target=target))
            if rng.random() < 0.2:
                extras.append(source.format(url=f"https://example.org/r-{rng.randint(1, 99)}"))
            if rng.random() < 0.25:
                extras.append(code.format(code=prose.term()))
            if rng.random() < 0.15:
                extras.append(f"**{prose.term().capitalize()}** et *{prose.term()}* comptent.")
            blocks.append(prose.paragraph(size, extras))
            remaining -= size
        if number == 3:
            blocks.append("\n".join(f"- {prose.sentence(rng.randint(6, 12))}" for _ in range(4)))
        if number == 4 and rng.random() < 0.3:
            blocks.append(f"```text\n{prose.sentence(10)}\n{prose.sentence(8)}\n```")
    return "\n\n".join(blocks) + "\n"


# --- Content files -------------------------------------------------------------------------


def _yaml(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def glossary_files(glossary: list[GlossaryTerm], seed: int = 2) -> dict[str, str]:
    rng = random.Random(seed)
    prose = {language: Prose(rng, language, glossary) for language in ("fr", "en")}
    files = {}
    for term in glossary:
        fr, en = term.forms["fr"], term.forms["en"]
        files[f"glossary/{term.id}.fr.md"] = (
            _yaml(
                {
                    "id": term.id,
                    "term": fr[0],
                    "aliases": fr[1:],
                    "short": term.short["fr"],
                    "equivalents": {"es": f"{fr[0]} (es)", "pt": f"{fr[0]} (pt)"},
                    "related": term.related,
                    "sources": [
                        {"id": "source-1", "title": "Rapport", "publisher": "Ville", "year": 2019}
                    ],
                    "last_reviewed": "2026-11-23",
                }
            )
            + "\n"
            + prose["fr"].paragraph(60)
            + "\n"
        )
        files[f"glossary/{term.id}.en.md"] = (
            _yaml({"term": en[0], "aliases": en[1:], "short": term.short["en"]})
            + "\n"
            + prose["en"].paragraph(60)
            + "\n"
        )
    return files


@dataclass
class Case:
    id: str
    title: dict[str, str]
    body: dict[str, str]
    front: dict[str, dict]


def make_cases(count: int, glossary: list[GlossaryTerm], seed: int = 3, words: int = 800):
    """``count`` cases, each in French (facts and texts) and English (texts)."""
    rng = random.Random(seed)
    prose = {language: Prose(rng, language, glossary) for language in ("fr", "en")}
    namer = Words(random.Random(seed + 1), "fr")
    cases = []
    ids = []
    for index in range(count):
        city_a, city_b = namer.word((2, 3), 0).capitalize(), namer.word((2, 3), 0).capitalize()
        ids.append((f"cas-{index:04d}-{ascii_slug(city_a)}-{ascii_slug(city_b)}", city_a, city_b))
    for index, (case_id, city_a, city_b) in enumerate(ids):
        others = [ids[(index + step) % count] for step in (1, 2, 7) if count > 1]
        start = rng.randint(1960, 2015)
        front_fr = {
            "id": case_id,
            "title": f"{city_a} – {city_b} : une coopération n° {index + 1}",
            "summary": f"Un cas fictif entre {city_a} et {city_b}, généré pour mesurer la construction du site.",
            "kind": rng.choice(KINDS),
            "partners": [
                {
                    "name": city,
                    "country": rng.choice(COUNTRIES),
                    "lat": round(rng.uniform(-60, 70), 4),
                    "lon": round(rng.uniform(-170, 170), 4),
                }
                for city in (city_a, city_b)
            ],
            "period": {"start": start, "end": rng.choice([None, start + rng.randint(1, 10)])},
            "themes": rng.sample(THEMES, 2),
            "instruments": rng.sample(INSTRUMENTS, 2),
            "milestones": [
                {"year": start, "label": "Première convention"},
                {"year": start + 3, "label": "Deuxième convention"},
            ],
            "indicators": [
                {
                    "label": "Projets menés",
                    "value": rng.randint(1, 80),
                    "year": start + 3,
                    "source": "rapport",
                }
            ],
            "sources": [
                {
                    "id": "rapport",
                    "title": "Rapport d'activité",
                    "publisher": f"Ville de {city_a}",
                    "year": start + 3,
                    "url": "https://example.org/rapport",
                },
                {
                    "id": "note",
                    "title": "Note de synthèse",
                    "author": "Jeanne Dupont",
                    "date": "2012-03-01",
                },
            ],
            "last_reviewed": "2026-11-23",
        }
        front_en = {
            "title": f"{city_a} – {city_b}: cooperation no. {index + 1}",
            "summary": f"A fictitious case between {city_a} and {city_b}, generated to measure the build.",
            "partners": [{"name": city_a}, {"name": city_b}],
            "milestones": [{"label": "First agreement"}, {"label": "Second agreement"}],
            "indicators": [{"label": "Projects carried out"}],
        }
        titles = {"fr": front_fr["title"], "en": front_en["title"]}
        links = [(other_id, f"{a} – {b}") for other_id, a, b in others]
        cases.append(
            Case(
                case_id,
                titles,
                {lang: page_body(prose[lang], links, words) for lang in ("fr", "en")},
                {"fr": front_fr, "en": front_en},
            )
        )
    return cases


def case_files(cases: list[Case]) -> dict[str, str]:
    files = {}
    for case in cases:
        for language in ("fr", "en"):
            files[f"cases/{case.id}.{language}.md"] = (
                _yaml(case.front[language]) + "\n" + case.body[language]
            )
    return files


# --- Projects ------------------------------------------------------------------------------


def write_files(project: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_project(parent: Path, files: dict[str, str], name: str = "project") -> Path:
    """A copy of the project (as ``tests/conftest.py`` ``make_project`` does) plus generated content.

    mkdocs.yml, hooks/, overrides/ and docs/ are copied; so are the real cases/, cahiers/
    and glossary/, because hand-written pages of docs/ (trainers, open data…) link to real
    cases and cahiers, and ``--strict`` fails on a broken link. The real content is small
    (a few cases and cahiers, a few dozen terms) and is counted in the pages built.
    """
    project = parent / name
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOURCE / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs", "cases", "cahiers", "glossary"):
        if (SOURCE / folder).is_dir():
            shutil.copytree(SOURCE / folder, project / folder, dirs_exist_ok=True)
        (project / folder).mkdir(exist_ok=True)
    compile_sources(project / "hooks")
    write_files(project, files)
    return project


def content_counts(project: Path) -> dict[str, int]:
    """Source files per folder and language, generated and real (what the build is fed)."""
    return {
        f"{folder}.{language}": len(list((project / folder).glob(f"*.{language}.md")))
        for folder in ("cases", "cahiers", "glossary", "docs")
        for language in ("fr", "en")
    }


PLAIN_CONFIG = """\
site_name: Villes en coopération
site_url: https://example.org/plain/
docs_dir: docs
use_directory_urls: false
strict: true
theme:
  name: material
  language: fr
  features: [navigation.tabs, navigation.top, navigation.footer, navigation.indexes, toc.follow]
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - admonition
  - footnotes
  - def_list
  - abbr
  - pymdownx.details
  - pymdownx.superfences
  - toc:
      permalink: true
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      languages:
        - locale: fr
          name: Français
          default: true
          build: true
        - locale: en
          name: English
          build: true
          site_name: Cities in cooperation
          nav_translations:
            Accueil: Home
            Cas: Cases
            Glossaire: Glossary
"""


def make_plain_project(
    parent: Path, cases: list[Case], glossary: list[GlossaryTerm], term_files: dict[str, str]
) -> Path:
    """The same Markdown bodies as a plain Material + mkdocs-static-i18n site: no hooks,
    plain front matter (title only), and a ``nav`` that lists every page."""
    project = parent / "plain"
    files = {
        "docs/index.fr.md": "---\ntitle: Accueil\n---\n\nUn recueil de cas.\n",
        "docs/index.en.md": "---\ntitle: Home\n---\n\nA casebook.\n",
    }
    for case in cases:
        for language in ("fr", "en"):
            title = json.dumps(case.title[language], ensure_ascii=False)
            files[f"docs/cases/{case.id}.{language}.md"] = (
                f"---\ntitle: {title}\n---\n\n{case.body[language]}"
            )
    for term in glossary:
        for language in ("fr", "en"):
            source = term_files[f"glossary/{term.id}.{language}.md"]
            body = source.split("---\n", 2)[2]
            title = json.dumps(term.forms[language][0], ensure_ascii=False)
            files[f"docs/glossary/{term.id}.{language}.md"] = f"---\ntitle: {title}\n---\n{body}"
    nav = [
        {"Accueil": "index.md"},
        {"Cas": [f"cases/{case.id}.md" for case in cases]},
        {"Glossaire": [f"glossary/{term.id}.md" for term in glossary]},
    ]
    project.mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(
        PLAIN_CONFIG + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    write_files(project, files)
    return project


def check_project(project: Path) -> float:
    """Run the project's validator once; raise SystemExit with its output if anything is wrong."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "--root", str(project), "check"],
        cwd=SOURCE,
        env=ENV,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"generated content is invalid ({project}):\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
        )
    return elapsed


# --- Builds --------------------------------------------------------------------------------

RUNNER = """
import cProfile, functools, json, sys, time
import mkdocs.config.config_options as options
from mkdocs.__main__ import cli

timings_path, profile_path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
events, loading, installed = {}, {}, {}


def timed(name, function, record=events):
    @functools.wraps(function)  # keeps mkdocs_priority, set by @event_priority
    def wrapper(*a, **k):
        started = time.perf_counter()
        try:
            return function(*a, **k)
        finally:
            record[name] = record.get(name, 0.0) + time.perf_counter() - started

    return wrapper


load_hook = options.Hooks._load_hook


def timed_load_hook(self, name, path):
    started = time.perf_counter()
    module = load_hook(self, name, path)
    loading[name] = loading.get(name, 0.0) + time.perf_counter() - started
    if not getattr(module, "_benchmark_timed", False):
        module._benchmark_timed = True
        for attribute in dir(module):
            value = getattr(module, attribute)
            if attribute.startswith("on_") and callable(value):
                setattr(module, attribute, timed(f"{name}:{attribute}", value))
            elif isinstance(value, type) and value.__module__ == module.__name__:
                # A class the hook installs in a plugin (Material's search index): its
                # methods run inside the plugin's events, not the hook's.
                for method, function in list(vars(value).items()):
                    if callable(function) and not method.startswith("__"):
                        label = f"{name}:{attribute}.{method}"
                        setattr(value, method, timed(label, function, installed))
    return module


options.Hooks._load_hook = timed_load_hook
profile = cProfile.Profile() if profile_path != "-" else None
code = 0
started = time.perf_counter()
if profile:
    profile.enable()
try:
    cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
except BaseException as error:
    print(f"build failed: {error!r}", file=sys.stderr)
    code = 1
finally:
    if profile:
        profile.disable()
        profile.dump_stats(profile_path)
build = time.perf_counter() - started
with open(timings_path, "w", encoding="utf-8") as out:
    json.dump(
        {"build_seconds": build, "events": events, "loading": loading, "installed": installed},
        out,
    )
sys.exit(code)
"""
"""Runs ``mkdocs build`` like ``python -m mkdocs`` does, and times every hook event.

Each ``on_*`` function of each hook module is wrapped with a timer when MkDocs loads the
hook (``functools.wraps`` keeps its ``@event_priority``), so the hooks' share of a build
is measured without a profiler (a few thousand ``perf_counter`` calls). Events nest only
through MkDocs itself (mkdocs-static-i18n runs the English build inside the French
build's ``on_post_build``, which no hook handles), so the event times add up. The timers
see one process: shares are read from builds run with ``CASEBOOK_BUILD_JOBS=1``, where
all the work happens in it (forked processes do the same work, side by side).
"""

MEMORY_SAMPLE_SECONDS = 0.05


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    stack.extend(int(child) for child in f.read().split())
        except OSError:
            continue
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """Resident and proportional set sizes of one process (shared pages split in PSS)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeMemory:
    """Samples the memory of a process and its forked children while it runs.

    With the languages built side by side, ``ru_maxrss`` is the largest single process;
    what the machine needs is the sum over processes at the same moment. RSS counts the
    pages a child shares with its parent (copy-on-write) twice; PSS splits them, so the
    sum of PSS is the memory actually in use, and the figure judged.
    """

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_rss_kb, self.peak_pss_kb, self.processes = pid, 0, 0, 1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(MEMORY_SAMPLE_SECONDS):
            pids = _tree(self.pid)
            sizes = [_memory_kb(pid) for pid in pids]
            self.processes = max(self.processes, len(pids))
            self.peak_rss_kb = max(self.peak_rss_kb, sum(r for r, _ in sizes))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(p for _, p in sizes))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class BuildResult:
    seconds: float  # wall clock of the whole subprocess (interpreter start included)
    reported: float | None  # "Documentation built in X seconds", as MkDocs prints it
    max_rss_mb: float  # peak resident memory of the largest single process
    tree_rss_mb: float  # peak of the summed RSS of the process and its forks (sampled)
    tree_pss_mb: float  # peak of the summed PSS (shared pages split): memory in use
    processes: int  # most processes seen at once
    pages: int  # HTML pages written (404.html excluded)
    returncode: int
    log: str
    build_seconds: float  # the build inside the subprocess: cli.main() only
    hook_events: dict[str, float]  # "hooks/x.py:on_event" → seconds, all calls (this process)
    hook_loading: dict[str, float]  # loading (importing) each hook module
    installed: dict[str, float]  # methods of classes hooks install in plugins, all calls

    @property
    def hooks_seconds(self) -> float:
        return sum(self.hook_events.values()) + sum(self.hook_loading.values())

    @property
    def installed_seconds(self) -> float:
        return sum(self.installed.values())

    @property
    def peak_mb(self) -> float:
        """The memory figure judged: summed PSS when sampled, else the largest process."""
        return self.tree_pss_mb or self.max_rss_mb


def run_build(
    project: Path, site: Path, profile: Path | None = None, jobs: int | None = None
) -> BuildResult:
    """``mkdocs build --strict`` in a fresh process (plugins keep state between builds).

    ``os.wait4`` gives the resource usage of this one child (with its own waited-for
    forks: the largest of them), so ``max_rss_mb`` is the build's own; :class:`TreeMemory`
    sums the processes alive at once. ``jobs``: ``CASEBOOK_BUILD_JOBS`` (1: languages one
    after the other; default: as the project decides on this machine).
    """
    timings = site.parent / f"{site.name}.timings.json"
    timings.unlink(missing_ok=True)
    command = [sys.executable, "-c", RUNNER, str(timings), str(profile or "-")]
    command += ["build", "--strict", "--site-dir", str(site)]
    if site.exists():
        shutil.rmtree(site)
    env = dict(ENV) if jobs is None else {**ENV, "CASEBOOK_BUILD_JOBS": str(jobs)}
    log_path = site.parent / f"{site.name}.log"
    with open(log_path, "w", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        memory = TreeMemory(process.pid) if Path("/proc/self/smaps_rollup").exists() else None
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if memory:
            memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    reported = re.findall(r"Documentation built in ([\d.]+) seconds", text)
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html") if site.exists() else 0
    rss_kb = usage.ru_maxrss if platform.system() == "Linux" else usage.ru_maxrss / 1024
    measured = json.loads(timings.read_text()) if timings.exists() else {}
    return BuildResult(
        seconds=seconds,
        reported=float(reported[-1]) if reported else None,
        max_rss_mb=rss_kb / 1024,
        tree_rss_mb=memory.peak_rss_kb / 1024 if memory else 0.0,
        tree_pss_mb=memory.peak_pss_kb / 1024 if memory else 0.0,
        processes=memory.processes if memory else 1,
        pages=pages,
        returncode=process.returncode,
        log=text,
        build_seconds=measured.get("build_seconds", seconds),
        hook_events=measured.get("events", {}),
        hook_loading=measured.get("loading", {}),
        installed=measured.get("installed", {}),
    )


def require_success(result: BuildResult, what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}):\n{result.log[-5000:]}")


def _under(filename: str, folders: list[Path]) -> bool:
    if filename.startswith("<"):
        return False
    path = Path(filename).resolve()
    return any(path.is_relative_to(folder) for folder in folders)


def profile_share(profile: Path, folders: list[Path], top: int = 12) -> dict:
    """Inclusive time of the functions defined under ``folders``, as a share of the total.

    Cumulative times of nested functions overlap, so they are not summed. pstats keeps
    one cumulative time per caller → callee edge; the time spent in the set is the sum
    over the edges that *enter* it: a caller outside the set that the set's own code does
    not reach. Edges from callers the set reaches (a Jinja template of ``casebook/``
    rendered by ``jinja2`` on behalf of ``casebook.render``; the ``href`` lambda of a
    hook called back by ``casebook.glossary``; ``exec`` of a module imported by a hook)
    are already inside an entry's time. Reachability is followed through Python
    functions only (C builtins such as ``str.join`` call everything). One consequence:
    the import of the hook modules themselves (``<module>``, entered through ``exec``)
    is not counted; the hook timer of :data:`RUNNER` measures it (~0.3 s).
    """
    stats = pstats.Stats(str(profile))
    total = stats.total_tt
    inside = {func for func in stats.stats if _under(func[0], folders)}
    callees: dict[tuple, set[tuple]] = {}
    for func, values in stats.stats.items():
        for caller in values[4]:
            callees.setdefault(caller, set()).add(func)
    reached: set[tuple] = set()
    stack = list(inside)
    while stack:
        for callee in callees.get(stack.pop(), ()):
            if callee not in inside and callee not in reached:
                reached.add(callee)
                if callee[0] != "~":
                    stack.append(callee)
    entries: dict[tuple, float] = {}
    for func in inside:
        for caller, edge in stats.stats[func][4].items():
            if caller not in inside and caller not in reached:
                entries[func] = entries.get(func, 0.0) + edge[3]
    own = sorted(((stats.stats[f][2], f) for f in inside), reverse=True)[:top]
    spent = sum(entries.values())

    def name(func: tuple) -> str:
        filename, line, function = func
        return f"{Path(filename).parent.name}/{Path(filename).name}:{line}({function})"

    return {
        "total_seconds": total,
        "inside_seconds": spent,
        "share": spent / total if total else 0.0,
        "entry_points": [
            {"function": name(f), "cumulative_seconds": round(s, 4)}
            for f, s in sorted(entries.items(), key=lambda item: -item[1])[:top]
        ],
        "own_time": [{"function": name(f), "own_seconds": round(s, 4)} for s, f in own],
    }


def top_functions(profile: Path, count: int = 15) -> list[dict]:
    """The whole build's most expensive functions by own time (where the time really goes)."""
    stats = pstats.Stats(str(profile))
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:count]
    return [
        {
            "function": f"{Path(f[0]).name}:{f[1]}({f[2]})",
            "calls": values[1],
            "own_seconds": round(values[2], 4),
            "cumulative_seconds": round(values[3], 4),
        }
        for f, values in rows
    ]


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _git_state() -> str:
    """The commit measured, and whether the working tree differed from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "casebook", "hooks", "mkdocs.yml", "overrides"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return head + (" (engine files modified in the working tree)" if dirty else "")


def write_json(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    data = {
        "python": sys.version.split()[0],
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "source": SOURCE_LABEL,
        "git": _git_state(),
        "engine": str(CASEBOOK_DIR),
        **data,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
