"""Errors that mean "bad input", shown to the user as one line, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

# Characters a terminal acts on rather than shows: C0 and C1 controls (a line break, a carriage return, an
# escape sequence that recolours or clears the screen), the line and paragraph separators, and the marks
# that turn text right to left. Names and GUIDs read from others' files reach warnings and errors (a QDA
# project's XML may hold any of these written `&#10;` or `&#x202E;`): they are printed escaped, as Python
# writes them, so each warning or error stays the one line it is and shows what the file holds.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on escaped (`\\n`, `\\x1b`, `\\u202e`); tabs kept."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class InputError(Exception):
    """Input the tool cannot work with: names the file and, where there is one, the line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"

    def _render_traceback_(self) -> list[str]:
        """IPython shows bad input in a notebook as one line too, not a traceback."""
        return [f"{type(self).__name__}: {line}" for line in str(self).splitlines()]


class InputErrors(InputError):
    """Several problems found at once (a manifest check reports them all, one per line)."""

    def __init__(self, errors: list[InputError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def require_file(path: str | Path, missing: str = "no such file") -> Path:
    """The path, if it is a file; else an error that says which of missing and a folder it is."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a file", path)
    if not path.is_file():
        raise InputError(missing, path)
    return path


def unreadable_csv(exc: Exception, path: str | Path, start: int, line: int) -> InputError:
    """A csv.Error as one line naming where to look. A cell past csv's field limit is nearly always a quote
    opened and never closed: the reader stops thousands of lines on, so the row it began on is named."""
    if "field limit" in str(exc):
        return InputError(
            "a value from this line on runs past the csv reader's limit: a quote left unclosed?"
            " (a value may not hold a line break)",
            path,
            start,
        )
    return InputError(f"not a readable CSV ({exc})", path, line)
