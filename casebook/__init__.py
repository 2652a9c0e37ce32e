"""Villes en coopération / Cities in cooperation: the casebook engine.

Content (Markdown with YAML front matter) → parse → model → checks → pages → exports.
Nothing here imports MkDocs: ``hooks/`` adapts it to MkDocs, and ``python -m casebook``
runs the same checks without a build.
"""

__version__ = "0.1.0"
