"""Problems found in contributed content, reported all together.

A contributor fixes a pull request faster when every problem is listed at once, each
with the file, the line and the field to change, so checks never stop at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, formatted as ``path:line: field: message (expected …)``."""

    path: str
    line: int
    field: str
    message: str
    expected: str = ""
    warning: bool = False

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ContentError(Exception):
    """Raised when content has errors; carries every problem so the caller can list them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content:\n{lines}")
