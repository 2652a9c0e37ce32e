"""Editorial rules checked on the real content (cases, cahiers, glossary).

The content model already enforces some of these rules; they are asserted again here on
the actual files so that weakening the model cannot silently let bad content through.
The copy check compares every body with the seed documents the writers worked from
(``../shared/seeds`` beside the checkout, as in CI, or the folder named by ``CASEBOOK_SEEDS``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from casebook.checks import headings
from casebook.site import read
from tests.conftest import ROOT
from tests.conftest import load_book as load

CASE_SECTIONS = [
    "context",
    "partners",
    "what-was-done",
    "results",
    "difficulties",
    "lessons",
    "questions",
]
CASE_WORDS = (800, 1500)
BRIEF_CASE_WORDS = (400, 800)
REQUIRED_TERMS = {
    "paradiplomatie",
    "jumelage",
    "ville-soeur",
    "cooperation-decentralisee",
    "aict",
    "diplomatie-des-villes",
    "reseau-de-villes",
    "internationalisation",
    "institutionnalisation",
    "evaluation",
    "dimension-institutionnelle",
    "dimension-politique",
    "dimension-territoriale",
    "renforcement-des-capacites",
    "transversalite",
    "groupe-pays",
    "cuf",
    "cglu",
    "al-las",
    "platforma",
    "mercociudades",
    "afd",
    "ficol",
    "pact2",
    "cncd",
    "odd",
    "nouvel-agenda-urbain",
}
LANGUAGES = read(ROOT).languages
SEEDS = Path(os.environ.get("CASEBOOK_SEEDS", ROOT.parent / "shared" / "seeds"))
RUN = 9
"""Length of a run of words shared with a seed that counts as copying."""

ANCHOR = re.compile(r"\{[^}]*#[\w-]+[^}]*\}")
QUOTED = re.compile(r"«[^»]*»|\"[^\"\n]*\"|“[^”]*”")
WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def book():
    # not strict: these tests report their own findings even if the validator finds errors
    return load(ROOT, strict=False)


def fold(word: str) -> str:
    """Case-folded, accents removed: 'Etat' and 'État' are the same word."""
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The text's words, folded, punctuation stripped."""
    return [fold(w) for w in WORD.findall(text)]


def body_words(body: str) -> int:
    """Words of a Markdown body, heading anchors ``{#…}`` left out, markup tokens not counted."""
    return sum(1 for token in ANCHOR.sub(" ", body).split() if re.search(r"\w", token))


def section_anchors(entry, language: str, level: int = 2) -> list[str] | None:
    if language not in entry.files:
        return None
    return [anchor for lvl, _, anchor, _ in headings(entry.files[language]) if lvl == level]


def test_content_loads_without_errors(book):
    assert not book.errors, "\n".join(map(str, book.errors))


def test_every_case_has_at_least_two_sources(book):
    assert book.cases, "no case found"
    thin = {
        cid: len(case.data.get("fr", {}).get("sources") or []) for cid, case in book.cases.items()
    }
    thin = {cid: n for cid, n in thin.items() if n < 2}
    assert not thin, f"cases with fewer than two sources: {thin}"


def test_every_indicator_cites_a_listed_source_and_a_year(book):
    problems = []
    for cid, case in book.cases.items():
        for language in LANGUAGES:
            data = case.data.get(language)
            if data is None:
                problems.append(f"{cid} ({language}): front matter not readable")
                continue
            ids = {source["id"] for source in data.get("sources") or []}
            for index, indicator in enumerate(data.get("indicators") or []):
                where = f"{cid} ({language}) indicator {index} {indicator.get('label')!r}"
                if indicator.get("source") not in ids:
                    problems.append(f"{where}: source {indicator.get('source')!r} not in {ids}")
                year = indicator.get("year")
                if not (isinstance(year, int) and 1800 <= year <= 2100):
                    problems.append(f"{where}: year {year!r} is not a year")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_bodies_have_the_seven_sections(book, language):
    wrong = {
        cid: found
        for cid, case in book.cases.items()
        if (found := section_anchors(case, language)) != CASE_SECTIONS
    }
    assert not wrong, f"expected ## sections {CASE_SECTIONS}, found: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_sections_are_named_as_in_the_template(book, language):
    """A reader comparing cases finds each section under the same title in every case of
    a language: the one ``python -m casebook new`` writes."""
    section = re.compile(r"^## (.+?) \{#([\w-]+)\}$", re.MULTILINE)
    template = (ROOT / "casebook" / "templates" / f"case.{language}.md").read_text("utf-8")
    expected = {anchor: title for title, anchor in section.findall(template)}
    assert set(expected) == set(CASE_SECTIONS)
    wrong = {
        f"{cid}: {title!r} (expected {expected[anchor]!r})"
        for cid, case in book.cases.items()
        for title, anchor in section.findall(case.body(language, "fr")[0])
        if expected.get(anchor, title) != title
    }
    assert wrong == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_bodies_are_800_to_1500_words(book, language):
    """Brief cases (``brief: true``: the sources say little) have 400 to 800 words."""
    wrong = {}
    for cid, case in book.cases.items():
        low, high = BRIEF_CASE_WORDS if case.data["fr"]["brief"] else CASE_WORDS
        count = body_words(case.files[language].body) if language in case.files else 0
        if not low <= count <= high:
            wrong[cid] = (count, f"{low}–{high}")
    assert not wrong, f"word counts outside their range: {wrong}"


def test_cahiers_have_discussion_exercise_and_objectives(book):
    assert book.cahiers, "no cahier found"
    problems = []
    for cid, cahier in book.cahiers.items():
        for language in LANGUAGES:
            anchors = [a for lvl, _, a, _ in headings(cahier.files[language]) if lvl in (2, 3)]
            for needed in ("discussion", "exercise"):
                if needed not in anchors:
                    problems.append(f"{cid} ({language}): no #{needed} section")
            objectives = cahier.data.get(language, {}).get("objectives") or []
            if len(objectives) < 3:
                problems.append(f"{cid} ({language}): {len(objectives)} objective(s), need ≥ 3")
    assert not problems, "\n".join(problems)


def test_glossary_has_30_entries_in_both_languages(book):
    assert len(book.terms) >= 30, f"only {len(book.terms)} glossary entries"
    incomplete = []
    for tid, term in book.terms.items():
        for language in LANGUAGES:
            if language not in term.files or language not in term.data:
                incomplete.append(f"{tid}: no {language} version")
            elif not term.files[language].body.strip() or not term.data[language].get("term"):
                incomplete.append(f"{tid}: empty {language} version")
    assert not incomplete, "\n".join(incomplete)


def test_glossary_has_the_required_entries(book):
    missing = sorted(REQUIRED_TERMS - set(book.terms))
    assert not missing, f"missing glossary entries: {missing}"


def shared_runs(text: str, seed_runs: set[tuple[str, ...]]) -> list[str]:
    """Runs of ≥ RUN words that ``text`` shares with a seed, outside quotation marks."""
    found = []
    for segment in QUOTED.split(ANCHOR.sub(" ", text)):
        matches = list(WORD.finditer(segment))
        tokens = [fold(m[0]) for m in matches]
        spans: list[list[int]] = []
        for start in range(len(tokens) - RUN + 1):
            if tuple(tokens[start : start + RUN]) in seed_runs:
                if spans and start <= spans[-1][1]:
                    spans[-1][1] = start + RUN
                else:
                    spans.append([start, start + RUN])
        found += [
            " ".join(segment[matches[a].start() : matches[b - 1].end()].split()) for a, b in spans
        ]
    return found


def test_no_sentence_copied_from_the_seeds(book):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"no seed documents in {SEEDS} (set CASEBOOK_SEEDS)")
    seed_runs: set[tuple[str, ...]] = set()
    for seed in seeds:
        tokens = words(seed.read_text(encoding="utf-8"))
        seed_runs.update(tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1))
    copied = []
    for entry in [*book.cases.values(), *book.cahiers.values(), *book.terms.values()]:
        for source in entry.files.values():
            copied += [f"{source.path}: «{run}»" for run in shared_runs(source.body, seed_runs)]
    assert not copied, (
        f"{len(copied)} run(s) of {RUN}+ words copied from a seed (rephrase, or quote them):\n"
        + "\n".join(copied)
    )


def test_copy_check_flags_copies_but_not_quotations():
    seed = "Les relations internationales ne sont pas une fin en soi, selon lui."
    tokens = words(seed)
    runs = {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}
    copied = "Il conclut que les Relations internationales ne sont pas une fin en soi."
    quoted = "Il conclut : « les relations internationales ne sont pas une fin en soi »."
    assert shared_runs(copied, runs) == ["les Relations internationales ne sont pas une fin en soi"]
    assert shared_runs(quoted, runs) == []
    assert shared_runs("Les relations internationales ne sont pas un but.", runs) == []


@pytest.mark.parametrize(
    "name",
    [
        "vocabularies.yml",
        *(f"locales/{p.name}" for p in (ROOT / "casebook" / "locales").glob("*.yml")),
    ],
)
def test_packaged_data_reads_as_pyyamls_own_safe_parser_reads_it(name):
    """The vocabularies and interface strings are read by libyaml for speed: what it gives
    must be what PyYAML's reference parser gives (types included: no date, no boolean)."""
    import yaml

    from casebook.vocabularies import packaged_data

    text = (ROOT / "casebook" / name).read_text(encoding="utf-8")
    reference = yaml.safe_load(text)
    assert packaged_data(name) == reference
    assert repr(packaged_data(name)) == repr(reference)  # same types, same order


NUMBER = re.compile(
    r"(?<![\w.,/#-])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
    r"(?:\s*(million|millions|millones|milliards?|billion)\b)?(?![\w/-]|[.,]\d)"
)
"""A figure in a text: 240 000 (spaces), 240,000 (English), 1,2 or 1.2, and a multiplier."""
APPROXIMATE = re.compile(
    r"(?:environ|près de|presque|plus de|moins de|quelques?|années|about|around|roughly|"
    r"nearly|almost|more than|over|some|fewer than|less than|approximately|aproximadamente|"
    r"alrededor de|cerca de|casi|más de|menos de|unos|unas|década de)\W*$",
    re.IGNORECASE,
)
"""Words that mark the figure after them as approximate ("about 100", « près de 500 »)."""


def figure(number: str, multiplier: str | None) -> str:
    """A figure as a comparable value: separators removed, the decimal mark a point."""
    digits = re.sub(r"[ \u00a0\u202f]", "", number)
    digits = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits) else digits
    value = float(digits.replace(",", "."))
    if multiplier:
        value *= 1_000_000_000 if multiplier.startswith(("milliard", "billion")) else 1_000_000
    return f"{value:g}"


def figures_in(value, found: set[str]) -> set[str]:
    """Every figure of a fact sheet: numbers, and the figures written in its texts (labels,
    titles, notes) and dates (2018-07-05 gives 2018, 7 and 5)."""
    if isinstance(value, dict):
        for item in value.values():
            figures_in(item, found)
    elif isinstance(value, list):
        for item in value:
            figures_in(item, found)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        found.add(f"{float(value):g}")
    elif isinstance(value, str):
        found.update(figure(m[1], m[2]) for m in NUMBER.finditer(value))
        found.update(f"{float(part):g}" for part in re.findall(r"\d+", value))
    return found


def unbacked_figures(body: str, backed: set[str]) -> list[str]:
    """Figures of a body found neither in the fact sheet nor marked as approximate
    (section anchors, link targets and list numbers are not figures)."""
    text = re.sub(r"\{#[^}]*\}|\]\([^)]*\)|^\s*\d+\.\s", " ", body, flags=re.MULTILINE)
    return [
        " ".join(text[max(0, m.start() - 40) : m.end() + 20].split())
        for m in NUMBER.finditer(text)
        if figure(m[1], m[2]) not in backed and not APPROXIMATE.search(text[: m.start()][-30:])
    ]


def test_every_figure_of_a_case_is_in_its_fact_sheet_or_marked_approximate(book):
    """A figure in a case's text comes from its fact sheet (indicators, years, sources and
    their notes, in any language of the case) or is marked as approximate."""
    found = []
    for case in book.cases.values():
        backed = set()
        for data in case.data.values():
            figures_in(data, backed)
        for source in case.files.values():
            found += [f"{source.path}: …{m}…" for m in unbacked_figures(source.body, backed)]
    assert not found, "figures without a fact behind them:\n" + "\n".join(found)


def test_the_figure_check_tells_backed_approximate_and_unbacked_figures():
    backed = figures_in(
        {"value": 240, "label": "20 millions d'habitants", "date": "2018-07-05"}, set()
    )
    assert unbacked_figures("Montevideo signe 240 accords le 5 juillet 2018.", backed) == []
    assert unbacked_figures("Minas Gerais : 20 millions d'habitants.", backed) == []
    assert unbacked_figures("Environ 100 personnes ; about 1,500 people.", backed) == []
    assert unbacked_figures("Une ville de 240,000 habitants.", {"240000"}) == []
    assert len(unbacked_figures("Montevideo signe 241 accords.", backed)) == 1


def test_french_text_keeps_punctuation_with_its_word(book):
    """Every French page puts a no-break space before : ; ? ! and inside guillemets (what
    ``casebook check`` reports otherwise), so no line of the site starts with a colon."""
    assert [str(p) for p in book.warnings if p.field == "typography"] == []
