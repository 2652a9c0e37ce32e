"""The contract with contributors: schemas, documentation and templates agree with the model."""

from __future__ import annotations

import json

import jsonschema
import pytest

from casebook.frontmatter import parse
from casebook.schema import render, schemas
from casebook.vocabularies import vocabularies
from tests.conftest import ROOT


def test_published_schemas_match_the_model():
    for name, schema in schemas().items():
        committed = (ROOT / "docs" / "schemas" / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"{name} is stale: run python -m casebook schema"


@pytest.mark.parametrize(
    "folder, kind", [("cases", "case"), ("cahiers", "cahier"), ("glossary", "term")]
)
def test_every_content_file_validates_against_its_schema(folder, kind):
    for language, suffix in (("fr", ""), ("en", "-translation")):
        schema = json.loads(
            (ROOT / "docs" / "schemas" / f"{kind}{suffix}.schema.json").read_text(encoding="utf-8")
        )
        validator = jsonschema.Draft202012Validator(schema)
        for path in sorted((ROOT / folder).glob(f"*.{language}.md")):
            meta = json.loads(json.dumps(parse(str(path), path.read_bytes()).meta, default=str))
            errors = [e.message for e in validator.iter_errors(meta)]
            assert errors == [], f"{path.name}: {errors}"


def test_a_bad_file_fails_the_schema_too():
    schema = json.loads(
        (ROOT / "docs" / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    )
    meta = parse("x", (ROOT / "cases" / "seoul-mexico-city.fr.md").read_bytes()).meta
    meta = json.loads(json.dumps({**meta, "kind": "friendship"}, default=str))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(meta))


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "CONTRIBUTING.en.md", "CONTRIBUTING.es.md"])
def test_contributing_documents_every_vocabulary_key_and_the_template(guide):
    text = (ROOT / guide).read_text(encoding="utf-8")
    for name, entries in vocabularies().items():
        for key in entries:
            assert f"| `{key}` |" in text, f"{guide} does not document {name} {key!r}"
    for language in ("fr", "en", "es"):
        template = (ROOT / "casebook" / "templates" / f"case.{language}.md").read_text(
            encoding="utf-8"
        )
        front = template.split("---\n")[1]
        assert front in text, f"{guide} template differs from casebook/templates/case.{language}.md"
