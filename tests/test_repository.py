"""The repository around the engine: CI workflow, issue form, pre-commit, citation file,
and the documented path from clone to pull request, run for real.

These files are what a contributor meets before any Python; the tests keep them in step
with the model, the vocabularies, the README's commands and CONTRIBUTING's steps.
"""

from __future__ import annotations

import glob
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from casebook.model import CaseSource
from casebook.vocabularies import keys
from tests.conftest import ENV, LANGUAGES, PREFIXES, ROOT, make_project, mkdocs_build

GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "site.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "propose-case.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
CITATION = ROOT / "CITATION.cff"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

GUIDES = {
    # guide: the heading of its numbered steps
    "CONTRIBUTING.en.md": "From clone to pull request in ten steps",
    "CONTRIBUTING.md": "Du clone à la pull request, en dix étapes",
    "CONTRIBUTING.es.md": "Del clon a la pull request, en diez pasos",
}
MAX_STEPS = 10


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as a machine without the environment variables would."""


_MkDocsLoader.add_constructor(
    "!ENV",
    lambda loader, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None
    ),
)
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)


# --- (a) the GitHub Actions workflow -------------------------------------------------------


def workflow() -> dict:
    return load_yaml(WORKFLOW)


def triggers(flow: dict) -> dict:
    # YAML 1.1 reads the bare key ``on`` as the boolean true.
    return flow.get("on", flow.get(True)) or {}


def job_where(flow: dict, condition: str) -> tuple[str, dict]:
    found = [(name, job) for name, job in flow["jobs"].items() if condition in job.get("if", "")]
    assert len(found) == 1, f"expected one job whose 'if' mentions {condition!r}, got {found}"
    return found[0]


def run_steps(job: dict) -> list[dict]:
    return [step for step in job["steps"] if "run" in step]


def commands(job: dict) -> list[str]:
    return [line.strip() for step in run_steps(job) for line in step["run"].splitlines()]


def step_running(job: dict, command: str) -> dict:
    found = [step for step in run_steps(job) if command in step["run"]]
    assert found, f"no step runs {command!r}"
    return found[0]


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else value


def step_env(flow: dict, job: dict, step: dict) -> dict:
    return {**flow.get("env", {}), **job.get("env", {}), **step.get("env", {})}


def test_workflow_runs_on_pull_requests_and_on_pushes_to_main():
    on = triggers(workflow())
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_pull_request_job_checks_then_builds_strictly_then_runs_the_fast_tests():
    flow = workflow()
    _, job = job_where(flow, "pull_request")
    setup = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"
    run = commands(job)
    order = [
        "python -m pip install -e .",
        "python -m casebook check",
        "mkdocs build --strict",
        'python -m pip install -e ".[test]"',
    ]
    assert [c for c in run if c in order] == order, run
    build = step_running(job, "mkdocs build --strict")
    env = step_env(flow, job, build)
    assert env["NO_MKDOCS_2_WARNING"] == "1" and env["DISABLE_MKDOCS_2_WARNING"] == "true"
    pytest_run = [c for c in run if c.startswith("python -m pytest ")]
    assert len(pytest_run) == 1 and run.index(pytest_run[0]) > run.index(order[-1])
    files = shlex.split(pytest_run[0])[3:]
    assert files == ["tests/test_validation.py", "tests/test_contract.py", "tests/test_content.py"]
    for name in files:
        assert (ROOT / name).is_file(), name


def test_main_job_runs_the_ci_script_commands_then_builds_for_pages():
    flow = workflow()
    name, job = job_where(flow, "refs/heads/main")
    assert "push" in job["if"]
    run = commands(job)
    ci_packages = re.search(r'PDF_PACKAGES="([^"]+)"', (ROOT / ".ci" / "run").read_text())
    assert ci_packages, "the CI script names the PDFs' system packages"
    assert any(
        c.startswith("apt-get install")
        and {"chromium", "default-jre-headless", *ci_packages[1].split()} <= set(c.split())
        for c in run
    ), run
    # The README's test command, as .ci/run runs it: each part is a step, in this order.
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    parts = [part.strip() for part in ci_script.split("&&")]
    assert parts[-1] == "python -m pytest"
    assert [c for c in run if c in parts] == parts, run
    # Published as tested: every language side by side (the site of mkdocs build --strict),
    # with the PDFs.
    build = step_running(job, "python -m casebook build --pdf")
    assert run.index("python -m casebook build --pdf") > run.index("python -m pytest")
    env = step_env(flow, job, build)
    assert "steps.pages.outputs.base_url" in env["CASEBOOK_SITE_URL"]
    assert env["NO_MKDOCS_2_WARNING"] == "1"
    uses = [step.get("uses", "") for step in job["steps"]]
    configure = [
        s for s in job["steps"] if s.get("uses", "").startswith("actions/configure-pages@")
    ]
    assert configure and configure[0]["id"] == "pages"
    upload = [
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"
    assert uses.index(upload[0]["uses"]) > job["steps"].index(build)

    [deploy] = [j for j in flow["jobs"].values() if name in needs(j)]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    # Nothing else in the workflow may write to Pages or mint tokens.
    assert flow["permissions"] == {"contents": "read"}
    for other in flow["jobs"].values():
        if other is not deploy:
            assert "permissions" not in other, other.get("name")


def test_every_action_is_pinned_to_a_major_version():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


# --- (b) the issue form ----------------------------------------------------------------------

# Form ids may not contain dots: these two fill a key of a nested model (documented in the form).
SUB_KEYS = {
    "period_start": ("period", "start"),
    "period_end": ("period", "end"),
    "period_approximate": ("period", "approximate"),
}
# The maintainer, not the proposer, sets the date the case was last checked.
NOT_ASKED = {"last_reviewed"}
VOCABULARY_FIELDS = {"kind": "kind", "themes": "theme", "instruments": "instrument"}


def form_fields() -> dict[str, dict]:
    form = load_yaml(ISSUE_FORM)
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    return {field["id"]: field for field in fields}


def test_issue_form_is_the_propose_a_case_form():
    form = load_yaml(ISSUE_FORM)
    assert form["name"] == "Proposer un cas / Propose a case / Proponer un caso"
    assert form["description"] and form["body"]
    for element in form["body"]:
        assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert element["attributes"].get("label" if element["type"] != "markdown" else "value")


def test_issue_form_ids_are_case_front_matter_keys():
    model = CaseSource.model_fields
    covered = set()
    for field_id in form_fields():
        assert re.fullmatch(r"[A-Za-z0-9_-]+", field_id), field_id  # GitHub's rule for ids
        if field_id in SUB_KEYS:
            parent, child = SUB_KEYS[field_id]
            assert parent in model, field_id
            assert child in model[parent].annotation.model_fields, field_id
            covered.add(parent)
        else:
            assert field_id in model, f"{field_id!r} is not a key of a case's front matter"
            covered.add(field_id)
    assert covered == set(model) - NOT_ASKED, "the form and CaseSource list different keys"
    period = model["period"].annotation.model_fields
    assert {child for _, child in SUB_KEYS.values()} == set(period)


def test_issue_form_asks_for_what_the_model_requires():
    fields = form_fields()
    for field_id, field in fields.items():
        required = field.get("validations", {}).get("required", False)
        if field_id in SUB_KEYS:
            continue
        assert required == CaseSource.model_fields[field_id].is_required(), field_id
    assert fields["period_start"]["validations"]["required"] is True
    assert fields["period_end"].get("validations", {}).get("required", False) is False  # null


def test_issue_form_options_are_the_vocabulary_keys():
    fields = form_fields()
    for field_id, vocabulary in VOCABULARY_FIELDS.items():
        field = fields[field_id]
        attributes = field["attributes"]
        if field["type"] == "dropdown":
            options = attributes["options"]
            assert attributes.get("multiple", False) is (field_id != "kind"), field_id
        else:
            assert field["type"] == "checkboxes", field_id
            options = [option["label"] for option in attributes["options"]]
        assert options == list(keys(vocabulary)), f"{field_id} options differ from {vocabulary}"


def test_issue_template_config_allows_blank_issues():
    config = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is True
    for link in config.get("contact_links", []):
        assert {"name", "url", "about"} <= set(link) and link["url"].startswith("https://")


def test_pull_request_template_has_a_checklist_in_every_language():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    french, english = text.index("Liste de vérification"), text.index("Checklist (English)")
    spanish = text.index("Lista de verificación (español)")
    assert french < english < spanish
    for part in (text[french:english], text[english:spanish], text[spanish:]):
        assert part.count("- [ ] ") >= 8
        for needle in ("python -m casebook check", "`indicators`", "`sources`", "mkdocs serve"):
            assert needle in part, needle


# --- (c) pre-commit ------------------------------------------------------------------------


def test_pre_commit_runs_the_casebook_check_on_content_files():
    repos = load_yaml(PRE_COMMIT)["repos"]
    hooks = [hook for repo in repos if repo["repo"] == "local" for hook in repo["hooks"]]
    [hook] = [hook for hook in hooks if hook["id"] == "casebook-check"]
    assert hook["entry"] == "python -m casebook check"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    assert hook["files"] == r"^(cases|cahiers|glossary|docs)/.*\.md$"
    files = re.compile(hook["files"])
    for path in ("cases/a.fr.md", "cahiers/b.en.md", "glossary/c.fr.md", "docs/index.fr.md"):
        assert files.search(path), path
    for path in ("casebook/model.py", "README.md", "docs/schemas/case.schema.json", "x/cases/a.md"):
        assert not files.search(path), path
    # the same command CI runs on pull requests
    _, job = job_where(workflow(), "pull_request")
    assert hook["entry"] in commands(job)


def test_pre_commit_ruff_matches_the_pinned_ruff():
    repos = load_yaml(PRE_COMMIT)["repos"]
    ruff_pin = next(d for d in PYPROJECT["project"]["optional-dependencies"]["test"] if "ruff" in d)
    series = re.search(r"(\d+\.\d+)", ruff_pin)[1]
    remote = [
        repo for repo in repos if repo["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
    ]
    if remote:
        assert re.fullmatch(rf"v{re.escape(series)}\.\d+", remote[0]["rev"]), remote[0]["rev"]
        ids = {hook["id"] for hook in remote[0]["hooks"]}
    else:  # a local hook running the installed ruff
        ids = {hook["id"] for repo in repos for hook in repo["hooks"] if "ruff" in hook["id"]}
    assert "ruff-format" in ids and ids & {"ruff", "ruff-check"}


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_the_code_is_ruff_clean(command):
    """What pre-commit runs on a contributor's machine, run on the whole repository."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


# --- (d) the citation file -----------------------------------------------------------------


def test_citation_file_is_valid_cff_for_the_casebook():
    cff = load_yaml(CITATION)
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == "Villes en coopération / Cities in cooperation"
    assert cff["type"] == "dataset"
    assert cff["authors"] == [{"name": "Villes en coopération contributors"}]
    assert cff["license"] == "CC-BY-4.0"
    assert str(cff["version"]) == PYPROJECT["project"]["version"]
    config = mkdocs_config()
    assert cff["url"] == config["site_url"]
    assert cff["repository-code"] in [link["link"] for link in config["extra"]["social"]]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    assert cff["abstract"] and cff["keywords"]


# --- (e) the documented contributor path ---------------------------------------------------


def guide_steps(guide: str) -> list[tuple[int, str]]:
    """The numbered steps under the guide's "ten steps" heading, continuation lines joined."""
    lines = (ROOT / guide).read_text(encoding="utf-8").splitlines()
    heading = f"## {GUIDES[guide]}"
    assert heading in lines, f"{guide} has no section {heading!r}"
    steps: list[tuple[int, str]] = []
    for line in lines[lines.index(heading) + 1 :]:
        if line.startswith("## "):
            break
        if match := re.match(r"(\d+)\.\s+(.*)", line):
            steps.append((int(match[1]), match[2]))
        elif line.startswith(" ") and line.strip() and steps:
            number, text = steps[-1]
            steps[-1] = (number, f"{text} {line.strip()}")
    return steps


def documented(guide: str, prefix: str) -> str:
    """The one command of the steps that starts with ``prefix``."""
    found = [
        code
        for _, text in guide_steps(guide)
        for code in re.findall(r"`([^`]+)`", text)
        if code.startswith(prefix)
    ]
    assert len(found) == 1, f"{guide}: expected one `{prefix}…` command, found {found}"
    return found[0]


def preview_url(guide: str) -> str:
    [url] = [u for _, text in guide_steps(guide) for u in re.findall(r"<(http[^>]+)>", text)]
    return url


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_has_at_most_ten_numbered_steps(guide):
    numbers = [number for number, _ in guide_steps(guide)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert 0 < len(numbers) <= MAX_STEPS


def test_every_guide_documents_the_same_commands():
    for prefix in ("python -m casebook new ", "python -m casebook check "):
        assert len({documented(guide, prefix) for guide in GUIDES}) == 1, prefix


def run_documented(command: str, project: Path) -> subprocess.CompletedProcess:
    """A documented command run as a contributor's shell would (file patterns expanded)."""
    argv = [
        expanded
        for word in shlex.split(command)
        for expanded in (sorted(glob.glob(word, root_dir=project)) if "*" in word else [word])
    ]
    assert argv[:3] == ["python", "-m", "casebook"], command
    return subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


ADVICE = ("preconditions", "first_steps", "involve", "pitfalls", "indicators")
# What a contributor writes in place of each TODO of the scaffold, by front-matter path.
FILLED = {
    "fr": {
        "title": "Lyon et Ouagadougou : le parcours de contribution",
        "summary": "Un cas écrit par les tests en suivant les étapes du guide de contribution.",
        "kind": "twinning",
        "partners[].name": "Lyon",
        "partners[].country": "FR",
        "partners[].lat": 45.764,
        "partners[].lon": 4.8357,
        "period.start": 1998,
        "themes[]": "governance",
        "milestones[].year": 1998,
        "milestones[].label": "Signature de la convention",
        "sources[].id": "rapport-lyon-1999",
        "sources[].title": "Rapport sur la coopération internationale",
        "sources[].author": "Ville de Lyon",
        "sources[].year": 1999,
        "sources[].url": "https://example.org/rapport-1999",
        "last_reviewed": "2026-11-23",
        **{f"reproduce.{group}[].text": "Un conseil tiré du cas." for group in ADVICE},
        "reproduce.preconditions[].source": "rapport-lyon-1999",
    },
    "en": {
        "title": "Lyon and Ouagadougou: the contributor path",
        "summary": "A case written by the tests by following the steps of the contributing guide.",
        "partners[].name": "Lyon",
        "milestones[].label": "The agreement is signed",
        **{f"reproduce.{group}[].text": "A piece of advice from the case." for group in ADVICE},
    },
    "es": {
        "title": "Lyon y Uagadugú: el recorrido de contribución",
        "summary": "Un caso escrito por las pruebas siguiendo los pasos de la guía de contribución.",
        "partners[].name": "Lyon",
        "milestones[].label": "Se firma el convenio",
        **{f"reproduce.{group}[].text": "Un consejo sacado del caso." for group in ADVICE},
    },
}
BODY = {
    "fr": "Un paragraphe rédigé par le contributeur pour cette section.",
    "en": "A paragraph the contributor wrote for this section.",
    "es": "Un párrafo que el contribuidor escribió para esta sección.",
}


def fill_front_matter(value, language: str, path: str = ""):
    if isinstance(value, dict):
        return {
            key: fill_front_matter(item, language, f"{path}.{key}" if path else key)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [fill_front_matter(item, language, f"{path}[]") for item in value]
    if isinstance(value, str) and "TODO" in value:
        if path not in FILLED[language]:
            pytest.fail(f"the {language} template has a TODO at {path}: add it to FILLED")
        return FILLED[language][path]
    return value


def fill(path: Path, language: str, *, body: bool = True) -> None:
    """Replace every TODO of a scaffolded file, as step 5 asks (optionally not the body's)."""
    _, front, text = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = fill_front_matter(yaml.safe_load(front), language)
    if body:
        text = re.sub(r"\bTODO\b", BODY[language], text)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{text}", encoding="utf-8")


def served_path(url: str) -> str:
    """The page a preview URL shows, relative to the site folder (``mkdocs serve`` mounts
    the site at the path of ``site_url``)."""
    path = urlsplit(url).path
    mount = urlsplit(mkdocs_config()["site_url"]).path
    return path[len(mount) :] if path.startswith(mount) else path.lstrip("/")


def content_files() -> dict[str, bytes]:
    return {
        path.relative_to(ROOT).as_posix(): path.read_bytes()
        for folder in ("cases", "cahiers", "glossary")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_the_documented_contributor_path_works(tmp_path):
    guide = "CONTRIBUTING.en.md"
    new, check = (
        documented(guide, "python -m casebook new "),
        documented(guide, "python -m casebook check "),
    )
    project = make_project(tmp_path, content_files())  # a fresh clone: engine, docs, content

    # Step 4: scaffold the case in every language.
    created = run_documented(new, project)
    assert created.returncode == 0, created.stderr
    case_id = shlex.split(new)[-1]
    fr, en, es = (project / "cases" / f"{case_id}.{language}.md" for language in LANGUAGES)
    files = {Path("cases") / path.name for path in (fr, en, es)}
    assert {Path(p) for p in created.stdout.split()} == files
    assert {Path(p) for p in glob.glob(shlex.split(check)[-1], root_dir=project)} == files

    # Step 6 on the untouched scaffold: the check fails.
    untouched = run_documented(check, project)
    assert untouched.returncode == 1, untouched.stdout + untouched.stderr
    assert "still holds a TODO placeholder" in untouched.stdout

    # Step 5, half done: the check fails "while one [TODO] is left".
    fill(fr, "fr", body=False)
    fill(en, "en")
    fill(es, "es")
    half = run_documented(check, project)
    assert half.returncode == 1, half.stdout + half.stderr
    assert all(line.startswith(f"cases/{fr.name}:") for line in half.stdout.splitlines()), (
        half.stdout
    )
    assert "body: still holds a TODO placeholder" in half.stdout

    # Step 5 done, step 6 passes.
    fill(fr, "fr")
    assert not any("TODO" in path.read_text(encoding="utf-8") for path in (fr, en, es))
    done = run_documented(check, project)
    assert done.returncode == 0, done.stdout + done.stderr

    # Step 7: the site builds and the case is there in every language, where the guides say.
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-5000:]
    for language, prefix in PREFIXES.items():
        page = site / f"{prefix}cases/{case_id}.html"
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html, page
        assert FILLED[language]["title"] in html, page
    for name in GUIDES:
        url = preview_url(name)
        assert case_id in url and (site / served_path(url)).is_file(), f"{name}: {url}"


@pytest.mark.parametrize("guide", GUIDES)
def test_the_preview_url_is_where_mkdocs_serve_shows_the_page(guide):
    mount = urlsplit(mkdocs_config()["site_url"]).path
    assert urlsplit(preview_url(guide)).path.startswith(mount)
