"""JSON Schemas of the front matter, generated from the model.

Published in ``docs/schemas/`` (so on the site under ``/schemas/``) for editors that
autocomplete and validate YAML. A test fails when the committed files drift from the
model, so the schemas can never contradict the validator.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import SOURCES, translation_of

SITE_URL = "https://villes-en-cooperation.github.io/casebook/schemas/"
TITLES = {
    "case": "Casebook case (French source file)",
    "case-translation": "Casebook case (translation: texts only, facts inherited)",
    "cahier": "Casebook training module (French source file)",
    "cahier-translation": "Casebook training module (translation)",
    "term": "Casebook glossary entry (French source file)",
    "term-translation": "Casebook glossary entry (translation)",
}


def schemas() -> dict[str, dict]:
    out = {}
    for kind in ("case", "cahier", "term"):
        source = SOURCES[kind]
        for name, model in ((kind, source), (f"{kind}-translation", translation_of(source))):
            schema = model.model_json_schema(mode="validation")
            out[f"{name}.schema.json"] = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": SITE_URL + f"{name}.schema.json",
                **schema,
                "title": TITLES[name],
            }
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
