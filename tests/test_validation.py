"""The validator, rule by rule: each bad input and the exact message a contributor reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.conftest import load_book as load

VALID = Path(__file__).parent / "fixtures" / "valid"
FR = "cases/lyon-bamako.fr.md"
EN = "cases/lyon-bamako.en.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "p")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "p" / "mkdocs.yml")  # the site's languages
    return tmp_path / "p"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(project: Path) -> list[str]:
    return [str(p) for p in load(project, strict=False).errors]


def test_the_valid_fixture_has_no_problem(project):
    assert messages(project) == []


RULES = [
    # (rule, file, old text, new text, expected message)
    (
        "yaml syntax",
        FR,
        "kind: decentralised-cooperation",
        "kind: [decentralised-cooperation",
        f"{FR}:5: front matter: YAML syntax error",
    ),
    ("missing key", FR, "kind: decentralised-cooperation\n", "", f"{FR}:1: kind: is missing"),
    (
        "unknown key with suggestion",
        FR,
        "themes:",
        "theme:",
        f"{FR}:18: theme: is not a known key; did you mean 'themes'?",
    ),
    (
        "YAML no read as boolean",
        EN,
        'title: "Lyon – Bamako: a test case"',
        "title: no",
        f"{EN}:2: title: boolean False is not accepted (YAML reads yes/no/on/off/true/false as a boolean: put text in quotes) (expected text)",
    ),
    (
        "bare date where text expected",
        FR,
        'label: "Première convention"',
        "label: 2001-05-04",
        f"{FR}:22: milestones[0].label: date datetime.date(2001, 5, 4) is not accepted (YAML reads 2019-07-09 as a date: put it in quotes) (expected text)",
    ),
    (
        "year as text",
        FR,
        "start: 2001",
        'start: "2001"',
        f"{FR}:16: period.start: text '2001' is not accepted (quotes make it text: write the number without them) (expected a whole number)",
    ),
    (
        "kind outside vocabulary",
        FR,
        "kind: decentralised-cooperation",
        "kind: friendship",
        f"{FR}:5: kind: 'friendship' is not in the vocabulary (expected one of twinning, decentralised-cooperation",
    ),
    (
        "kind misspelt",
        FR,
        "kind: decentralised-cooperation",
        "kind: Decentralized-cooperation",
        f"{FR}:5: kind: 'Decentralized-cooperation' is not in the vocabulary; did you mean 'decentralised-cooperation'? (expected one of twinning,",
    ),
    (
        "one theme without a list",
        FR,
        "themes: [governance, water-agriculture]",
        "themes: governance",
        f"{FR}:18: themes: text 'governance' is not accepted (even one value goes in a list: [governance]) (expected a list",
    ),
    (
        "theme outside vocabulary",
        FR,
        "themes: [governance, water-agriculture]",
        "themes: [governance, sport]",
        f"{FR}:18: themes[1]: 'sport' is not in the vocabulary",
    ),
    (
        "bad country code",
        FR,
        "country: ML",
        "country: XX",
        f"{FR}:12: partners[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code (expected two capital letters such as FR, MX or KR)",
    ),
    (
        "lower-case country code",
        FR,
        "country: ML",
        "country: ml",
        f"{FR}:12: partners[1].country: 'ml' is not an ISO 3166-1 alpha-2 country code; did you mean 'ML' (Mali)? (expected two capital letters",
    ),
    (
        "the European Union's code for the United Kingdom",
        FR,
        "country: ML",
        "country: UK",
        f"{FR}:12: partners[1].country: 'UK' is not an ISO 3166-1 alpha-2 country code; did you mean 'GB' (United Kingdom)?",
    ),
    (
        "latitude out of range",
        FR,
        "lat: 12.6392",
        "lat: 126.392",
        f"{FR}:13: partners[1].lat: number 126.392 is not accepted (expected a value ≤ 90)",
    ),
    (
        "longitude out of range",
        FR,
        "lon: -8.0029",
        "lon: -200",
        f"{FR}:14: partners[1].lon: number -200 is not accepted (expected a value ≥ -180)",
    ),
    (
        "inverted period",
        FR,
        "end: null",
        "end: 1999",
        f"{FR}:15: period: ends (1999) before it starts (2001) (expected end ≥ start, or end: null)",
    ),
    (
        "no partner",
        FR,
        "partners:\n  - name: Lyon\n    country: FR\n    lat: 45.764\n    lon: 4.8357\n  - name: Bamako\n    country: ML\n    lat: 12.6392\n    lon: -8.0029\n",
        "partners: []\n",
        f"{FR}:6: partners: list [] is not accepted (expected at least 1 item(s))",
    ),
    (
        "summary too long",
        FR,
        'summary: "Un cas fictif',
        'summary: "' + "x" * 300 + "Un cas fictif",
        f"{FR}:4: summary: text",
    ),
    (
        "markup in a title",
        FR,
        'title: "Lyon – Bamako\u00a0: un cas d\'essai"',
        'title: "<script>alert(1)</script>"',
        f"{FR}:3: title: contains HTML markup or angle brackets (expected plain text without < or >)",
    ),
    (
        "id differs from file name",
        FR,
        "id: lyon-bamako",
        "id: lyon-bamako-2",
        f"{FR}:2: id: 'lyon-bamako-2' differs from the file name (expected 'lyon-bamako')",
    ),
    (
        "indicator cites unknown source",
        FR,
        "source: rapport-2010",
        "source: rapport-2011",
        f"{FR}:29: indicators[0].source: cites unknown source 'rapport-2011'; did you mean 'rapport-2010'? (expected one of rapport-2010, note-2012)",
    ),
    (
        "source without author or publisher",
        FR,
        '    publisher: "Ville de Lyon"\n',
        "",
        f"{FR}:31: sources[0]: names neither an author nor a publisher (expected author or publisher)",
    ),
    (
        "source author list with a number",
        FR,
        '    publisher: "Ville de Lyon"\n',
        '    author: ["Ana Lima", 3]\n',
        f"{FR}:33: sources[0].author[1]: number 3 is not accepted (expected text)",
    ),
    (
        "source without year or date",
        FR,
        "    year: 2010\n    url",
        "    url",
        f"{FR}:31: sources[0]: has no year or date",
    ),
    (
        "duplicate key",
        FR,
        "kind: decentralised-cooperation",
        "kind: decentralised-cooperation\nkind: twinning",
        f"{FR}:6: kind: is given twice (first on line 5) (expected each key once)",
    ),
    (
        "contradicting translation",
        EN,
        "partners:",
        "kind: twinning\npartners:",
        f"{EN}:4: kind: contradicts {FR}:5 (expected 'decentralised-cooperation' or the key left out (it is inherited))",
    ),
    (
        "contradicting coordinates",
        EN,
        "  - name: Bamako",
        "  - name: Bamako\n    lat: 10.0",
        f"{EN}:7: partners[1].lat: 10 contradicts {FR}:13 (expected 12.6392 or the key left out (it is inherited))",
    ),
    (
        "translation misses milestone labels",
        EN,
        'milestones:\n  - label: "First agreement"\n  - label: "Second agreement"\n',
        "",
        f"{EN}:1: milestones: is missing (expected 2 item(s) with their text translated",
    ),
    (
        "link to a missing page",
        FR,
        "(lyon-bamako.md#context)",
        "(lyon-dakar.md)",
        f"{FR}:57: link: 'lyon-dakar.md' is not a page of the casebook (expected a path such as",
    ),
    (
        "link to a misspelt page",
        FR,
        "(lyon-bamako.md#context)",
        "(../cases/lyon-bamko.md#context)",
        f"{FR}:57: link: '../cases/lyon-bamko.md#context' is not a page of the casebook; did you mean '../cases/lyon-bamako.md'? (expected",
    ),
    (
        "link to a misspelt section",
        FR,
        "(lyon-bamako.md#context)",
        "(lyon-bamako.md#contxt)",
        f"{FR}:57: link: 'lyon-bamako.md#contxt': no section #contxt in that page; did you mean '#context'? (expected one of context)",
    ),
    (
        "link to a missing section",
        FR,
        "(lyon-bamako.md#context)",
        "(lyon-bamako.md#history)",
        f"{FR}:57: link: 'lyon-bamako.md#history': no section #history in that page (expected one of context)",
    ),
    (
        "level-1 heading",
        EN,
        "## Context {#context}",
        "# Context",
        f"{EN}:20: body: level-1 heading '# Context' (expected ## headings: the title comes from the front matter)",
    ),
    (
        "heading without anchor",
        EN,
        "## Context {#context}",
        "## Context",
        f"{EN}:20: body: heading 'Context' has no stable anchor",
    ),
    (
        "empty body",
        "glossary/jumelage.en.md",
        "Full definition.",
        "",
        "glossary/jumelage.en.md:6: body: is empty",
    ),
    (
        "unknown related term",
        "glossary/jumelage.fr.md",
        "related: [cooperation-decentralisee]",
        "related: [ville-soeur]",
        "glossary/jumelage.fr.md:6: related[0]: unknown glossary entry 'ville-soeur' (expected the id of a file in glossary/)",
    ),
    (
        "equivalent in a language of the site",
        "glossary/jumelage.fr.md",
        "related: [cooperation-decentralisee]",
        'related: [cooperation-decentralisee]\nequivalents: {es: "hermanamiento"}',
        "glossary/jumelage.fr.md:7: equivalents.es: es is a language of the site: the term in it is the title of glossary/jumelage.es.md (expected the key left out)",
    ),
    (
        "advice neither sourced nor flagged as a reading",
        FR,
        '- {text: "Réunir les services concernés des deux côtés.", reading: true}',
        '- {text: "Réunir les services concernés des deux côtés."}',
        f"{FR}:45: reproduce.first_steps[0]: must either cite a source or be flagged as the casebook's reading, not both (expected source: ID, or reading: true)",
    ),
    (
        "advice cites an unknown source",
        FR,
        'deux villes.", source: rapport-2010}',
        'deux villes.", source: rapport-2099}',
        f"{FR}:43: reproduce.preconditions[0].source: cites unknown source 'rapport-2099'; did you mean 'rapport-2010'? (expected one of rapport-2010, note-2012)",
    ),
    (
        "advice names an unknown cahier",
        FR,
        "cahiers: [module]",
        "cahiers: [guide]",
        f"{FR}:52: reproduce.cahiers[0]: unknown cahier 'guide' (expected the id of a file in cahiers/)",
    ),
    (
        "advice names a misspelt cahier",
        FR,
        "cahiers: [module]",
        "cahiers: [modul]",
        f"{FR}:52: reproduce.cahiers[0]: unknown cahier 'modul'; did you mean 'module'? (expected the id of a file in cahiers/)",
    ),
    (
        "translated advice out of step with the source",
        EN,
        'pitfalls: [{text: "Projects without follow-up."}]',
        'pitfalls: [{text: "Projects without follow-up."}, {text: "One more."}]',
        f"{EN}:16: reproduce.pitfalls: has 2 item(s) but cases/lyon-bamako.fr.md has 1 (expected the same items in the same order)",
    ),
    (
        "translated advice missing",
        EN,
        '  involve: [{text: "Diaspora associations."}]\n',
        "",
        f"{EN}:12: reproduce.involve: is missing (expected 1 item(s) with their text translated, in the order of cases/lyon-bamako.fr.md)",
    ),
    (
        "cahier links unknown case",
        "cahiers/module.fr.md",
        "cases: [lyon-bamako]",
        "cases: [lyon-dakar]",
        "cahiers/module.fr.md:9: cases[0]: unknown case 'lyon-dakar' (expected the id of a file in cases/)",
    ),
    (
        "cahier anchors differ between languages",
        "cahiers/module.en.md",
        "{#exercise}",
        "{#practice}",
        "cahiers/module.en.md:6: body: section anchors differ from cahiers/module.fr.md (first difference: exercise)",
    ),
    (
        "placeholder left",
        FR,
        'summary: "Un cas fictif',
        'summary: "TODO Un cas fictif',
        f"{FR}:4: summary: still holds a TODO placeholder (expected your own text)",
    ),
]


@pytest.mark.parametrize("rule, rel, old, new, expected", RULES, ids=[r[0] for r in RULES])
def test_rule(project, rule, rel, old, new, expected):
    edit(project, rel, old, new)
    found = messages(project)
    assert any(m.startswith(expected) for m in found), "\n".join(found)


def test_only_lines_that_start_with_one_to_six_hashes_are_headings(project):
    """Seven hashes, a hash inside a line or one without a space after it are text; the
    heading rules see only real headings, on their own lines."""
    text = (
        "####### Seven hashes\n"
        "Issue # 12, #12 and #hashtag stay text.\n"
        "#NoSpace\n"
        "\n"
        "###### Six {#six}\n"
        "\n"
        "#\tTabbed heading\n"
    )
    edit(project, EN, "A text about decentralised cooperation.", text)
    start = (project / EN).read_text(encoding="utf-8").splitlines().index("####### Seven hashes")
    assert messages(project) == [
        f"{EN}:{start + 7}: body: level-1 heading '# Tabbed heading' (expected ## headings: the title comes from the front matter)"
    ]


def test_a_breakable_space_before_a_french_colon_is_reported_not_refused(project):
    """French typography wants a no-break space before : ; ? ! and inside guillemets; a
    plain one is a report with its line, in the front matter and the text, never in code."""
    edit(project, FR, 'title: "Lyon – Bamako\u00a0: un cas', 'title: "Lyon – Bamako : un cas')
    edit(
        project,
        FR,
        "## Contexte {#context}",
        "## Contexte {#context}\n\nUne « ville » ? Le code `a : b` reste.",
    )
    line = (project / FR).read_text(encoding="utf-8").splitlines().index(
        "## Contexte {#context}"
    ) + 3
    edit(
        project,
        EN,
        "## Context {#context}",
        "## Context {#context}\n\nA city : English has no such rule.",
    )
    book = load(project, strict=False)
    assert book.errors == []
    expected = "(expected a no-break space (U+00A0), so that the mark stays with its word)"
    assert [str(p) for p in book.warnings if p.field == "typography"] == [
        f"{FR}:3: typography: a breakable space beside ':' {expected}",
        f"{FR}:{line}: typography: a breakable space beside '«' {expected}",
    ]


def test_missing_translation_is_reported_but_not_an_error(project):
    """A case may arrive in French only: its other pages show the French text under a
    banner, and the check says which file is missing."""
    (project / EN).unlink()
    book = load(project, strict=False)
    assert book.errors == []
    assert [str(p) for p in book.warnings] == [
        f"{FR}:1: translation: cases/lyon-bamako.en.md is missing; the English page shows the "
        "French text under a 'not yet translated' banner (expected the page in every language (fr, en, es))"
    ]


def test_orphan_translation_names_the_missing_source(project):
    (project / FR).unlink()
    found = messages(project)
    assert (
        f"{EN}:1: translation: has no source: cases/lyon-bamako.fr.md is missing "
        "(expected the facts and texts in cases/lyon-bamako.fr.md, translations beside it)" in found
    )


def test_duplicate_ids_are_reported(project):
    shutil.copy(project / FR, project / "cases" / "lyon-bamako-bis.fr.md")
    shutil.copy(project / EN, project / "cases" / "lyon-bamako-bis.en.md")
    assert any(
        m.startswith("cases/lyon-bamako-bis.fr.md:2: id: 'lyon-bamako' differs from the file name")
        for m in messages(project)
    )


def test_file_without_language_suffix(project):
    (project / "cases" / "notes.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert (
        "cases/notes.md:1: file name: 'notes.md': has no language suffix (expected NAME.fr.md or NAME.en.md or NAME.es.md)"
        in messages(project)
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", f"{FR}:1: front matter: the file is empty (expected"),
        (
            b"Just text\n",
            f"{FR}:1: front matter: missing (expected the file to start with a line '---')",
        ),
        (b"---\nid: x\n", f"{FR}:1: front matter: is never closed (expected"),
        (b"---\n---\nbody\n", f"{FR}:1: front matter: is empty (expected"),
        (b"---\n- a\n- b\n---\n", f"{FR}:2: front matter: is not a mapping (expected"),
        (
            b"---\nid: lyon-bamako\ntitle: caf\xe9\n---\n",
            f"{FR}:3: file: byte 0xe9 is not UTF-8 (expected a file saved as UTF-8)",
        ),
        (
            b"---\n" + b"x" * 1_100_000,
            f"{FR}:1: file: is 1,100,004 bytes (expected at most 1,000,000 bytes)",
        ),
    ],
    ids=[
        "empty",
        "no front matter",
        "unclosed",
        "empty front matter",
        "list",
        "not utf-8",
        "too large",
    ],
)
def test_unreadable_files(project, raw, expected):
    (project / FR).write_bytes(raw)
    assert any(m.startswith(expected) for m in messages(project)), messages(project)


def test_all_problems_are_reported_together(project):
    edit(project, FR, "country: ML", "country: XX")
    edit(project, FR, "end: null", "end: 1999")
    edit(
        project,
        "glossary/jumelage.fr.md",
        "related: [cooperation-decentralisee]",
        "related: [ville-soeur]",
    )
    assert len(messages(project)) == 3


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b"\xef\xbb\xbf" + b,  # UTF-8 BOM
        lambda b: b.replace(b"\n", b"\r\n"),  # Windows line endings
    ],
    ids=["bom", "crlf"],
)
def test_unusual_but_valid_files_are_accepted(project, transform):
    for rel in (FR, EN):
        (project / rel).write_bytes(transform((project / rel).read_bytes()))
    assert messages(project) == []


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casebook", *args], cwd=cwd, capture_output=True, text=True
    )


def test_cli_check_exits_0_when_clean(project):
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "no problem" in result.stderr


def test_cli_check_exits_1_and_lists_problems(project):
    edit(project, FR, "country: ML", "country: XX")
    result = run_cli("check", FR, cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{FR}:12: partners[1].country:")


def test_cli_new_scaffolds_files_that_fail_until_filled(project):
    result = run_cli("new", "paris-rome", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "cases/paris-rome.fr.md").exists() and (
        project / "cases/paris-rome.en.md"
    ).exists()
    check = run_cli("check", "cases/paris-rome.fr.md", "cases/paris-rome.en.md", cwd=project)
    assert check.returncode == 1
    assert "still holds a TODO placeholder" in check.stdout


def test_cli_check_refuses_files_it_cannot_check(project, tmp_path):
    (project / "notes.md").write_text("# notes\n", encoding="utf-8")
    missing = run_cli("check", "cases/nope.fr.md", cwd=project)
    assert missing.returncode == 1 and missing.stdout.startswith(
        "cases/nope.fr.md:1: file: does not exist"
    )
    outside = run_cli("check", "notes.md", cwd=project)
    assert outside.returncode == 1 and "is not a content file" in outside.stdout


def test_cli_check_reads_paths_from_root(project, tmp_path):
    edit(project, FR, "country: ML", "country: XX")
    result = run_cli("--root", str(project), "check", FR, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{FR}:12: partners[1].country:")
