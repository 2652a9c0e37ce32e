"""Synthetic, valid content for benchmarks: N cases and a glossary, in every site language.

Each case has the facts of a real one (two partners, milestones, an indicator, sources),
a body of about 800 words in each language with the seven sections, glossary terms to
link and links to other cases. Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = {
    "fr": "la ville et ses partenaires ont conduit des projets de formation pour les agents "
    "municipaux avec un suivi régulier des résultats une évaluation annuelle et des échanges "
    "entre élus services techniques associations et universités du territoire",
    "en": "the city and its partners ran training projects for municipal staff with regular "
    "follow-up of results a yearly evaluation and exchanges between elected officials "
    "technical departments associations and universities of the area",
    "es": "la ciudad y sus socios llevaron a cabo proyectos de capacitación para el personal "
    "municipal con un seguimiento regular de los resultados una evaluación anual e "
    "intercambios entre autoridades electas áreas técnicas asociaciones y universidades",
}
SECTIONS = [
    "context",
    "partners",
    "what-was-done",
    "results",
    "difficulties",
    "lessons",
    "questions",
]
KINDS = ["twinning", "decentralised-cooperation", "economic-partnership", "agency", "network"]
THEMES = ["training", "civil-service", "urban-safety", "smart-city", "governance"]
ADVICE = ("preconditions", "first_steps", "involve", "pitfalls", "indicators")
COUNTRIES = ["FR", "ML", "SN", "MX", "KR", "BR", "CN", "JP", "DE", "AR", "CO", "MA", "UY"]


def _word(rng: random.Random) -> str:
    syllables = ["ba", "lo", "mi", "ra", "tu", "ne", "so", "ka", "di", "vo", "pe", "lu"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def _front(data: dict) -> str:
    return "---\n" + json.dumps(data, ensure_ascii=False, indent=1) + "\n---\n\n"


def glossary(
    terms: int, languages: tuple[str, ...], seed: int = 1
) -> tuple[dict[str, str], list[str]]:
    """``terms`` glossary entries (files) and the word each one is known by."""
    rng = random.Random(seed)
    files, forms = {}, []
    for index in range(terms):
        word = f"{_word(rng)}{index}"
        forms.append(word)
        for language in languages:
            data = {
                "term": word.capitalize(),
                "aliases": [word + "s"],
                "short": f"Définition de {word}.",
            }
            if language == languages[0]:
                source = {"id": "note", "title": "Note", "publisher": "Réseau", "year": 2020}
                data = {
                    "id": f"terme-{index:04d}",
                    **data,
                    "sources": [source],
                    "last_reviewed": "2026-11-23",
                }
            files[f"glossary/terme-{index:04d}.{language}.md"] = (
                _front(data) + f"Le terme {word} désigne une pratique.\n"
            )
    return files, forms


def _body(
    rng: random.Random, language: str, forms: list[str], others: list[str], words: int
) -> str:
    vocabulary = WORDS[language].split()
    per_section = words // len(SECTIONS)
    out = []
    for section in SECTIONS:
        text = [rng.choice(vocabulary) for _ in range(per_section)]
        for position in range(0, per_section, 40):  # a glossary form now and then
            text[position] = rng.choice(forms)
        links = (
            " ".join(f"[{other}]({other}.md)" for other in others) if section == "lessons" else ""
        )
        out.append(
            f"## {section.replace('-', ' ').capitalize()} {{#{section}}}\n\n{' '.join(text)}. {links}\n"
        )
    return "\n".join(out)


def cases(
    count: int, languages: tuple[str, ...], forms: list[str], seed: int = 2, words: int = 800
) -> dict[str, str]:
    """``count`` cases: facts in the default language's file, texts in every language."""
    rng = random.Random(seed)
    ids = [f"cas-{index:04d}-{_word(rng)}" for index in range(count)]
    files = {}
    for index, case_id in enumerate(ids):
        cities = [_word(rng).capitalize() for _ in range(2)]
        start = rng.randint(1960, 2015)
        others = [ids[(index + step) % count] for step in (1, 7)] if count > 1 else []
        for language in languages:
            texts = {
                "title": f"{cities[0]} – {cities[1]} ({language}) n° {index}",
                "summary": f"Un cas fictif entre {cities[0]} et {cities[1]}, pour mesurer la construction du site.",
                "partners": [{"name": city} for city in cities],
                "milestones": [{"label": "Première convention"}, {"label": "Deuxième convention"}],
                "indicators": [{"label": "Projets menés"}],
                "reproduce": {group: [{"text": f"Un conseil ({group})."}] for group in ADVICE},
            }
            if language == languages[0]:
                texts = {
                    "id": case_id,
                    **texts,
                    "kind": rng.choice(KINDS),
                    "partners": [
                        {
                            "name": city,
                            "country": rng.choice(COUNTRIES),
                            "lat": round(rng.uniform(-50, 60), 3),
                            "lon": round(rng.uniform(-170, 170), 3),
                        }
                        for city in cities
                    ],
                    "period": {"start": start, "end": None},
                    "themes": rng.sample(THEMES, 2),
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
                    "reproduce": {
                        **{g: [{"text": f"Un conseil ({g}).", "reading": True}] for g in ADVICE},
                        "cahiers": ["evaluer"],
                    },
                    "sources": [
                        {
                            "id": "rapport",
                            "title": "Rapport d'activité",
                            "publisher": f"Ville de {cities[0]}",
                            "year": start + 3,
                        }
                    ],
                    "last_reviewed": "2026-11-23",
                }
            files[f"cases/{case_id}.{language}.md"] = _front(texts) + _body(
                rng, language, forms, others, words
            )
    return files


def write(project: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
