"""The exception tree. The library raises these and never prints; the CLI turns them into one
clear line on stderr and an exit code.

    DiscourseError                 base of everything the library raises on purpose
    ├── InputError                 a file or table cannot be read as asked (names the file)
    │   ├── EmptyInputError        no bytes, or only whitespace
    │   ├── BinaryInputError       not text (NUL bytes, an image, an archive…)
    │   ├── InputFormatError       the content does not fit the input kind (bad JSON, no table)
    │   └── ColumnError            a named or needed column is missing (lists the columns found)
    ├── ConfigError                a settings file or option value is invalid
    └── RunError                   a run could not complete (a worker died, output not writable)
"""

from __future__ import annotations


class DiscourseError(Exception):
    """Base class of every error the library raises on purpose.

    Attributes:
        code: a short stable code for scripts and docs (``E-INPUT-EMPTY``…).
    """

    code = "E-DISCOURSE"


class InputError(DiscourseError):
    """A file cannot be read as asked. The message names the file and the problem."""

    code = "E-INPUT"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyInputError(InputError):
    code = "E-INPUT-EMPTY"


class BinaryInputError(InputError):
    code = "E-INPUT-BINARY"


class InputFormatError(InputError):
    code = "E-INPUT-FORMAT"


class ColumnError(InputError):
    """A column that is needed is not in the table; the message lists the columns found."""

    code = "E-INPUT-COLUMN"

    def __init__(self, source: str, problem: str, columns: list[str] | None = None) -> None:
        self.columns = list(columns or [])
        if columns is not None:
            problem = f"{problem} (columns found: {', '.join(self.columns) or 'none'})"
        super().__init__(source, problem)


class ConfigError(DiscourseError):
    code = "E-CONFIG"


class RunError(DiscourseError):
    code = "E-RUN"
