"""What `python -m loaders` printed and returned, as the loader tests read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def problem_lines(self) -> list[str]:
        """The problems printed on stderr, without the closing 'N problem(s)' summary."""
        return [
            line for line in self.stderr.splitlines() if not line.endswith("nothing was changed")
        ]
