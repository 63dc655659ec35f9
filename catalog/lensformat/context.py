"""State of one validation run: the mode, the problems found and the ids seen lens-wide."""

from __future__ import annotations

from .problems import (
    ERROR,
    INFO,
    MAX_PROBLEMS,
    WARNING,
    LensFormatError,
    Problem,
    cap,
    show,
)

# Past this many errors a document is garbage; counting further only costs time.
MAX_COUNTED = 10_000


class StopChecking(Exception):
    """Raised by ``Context.error`` at ``MAX_COUNTED`` errors; ``validate`` catches it."""


class Context:
    """Collects problems in document order and knows whether the run is strict.

    Storage is capped at ``MAX_PROBLEMS`` (a hostile file can yield a problem per byte) but
    problems are counted, up to ``MAX_COUNTED`` errors, where checking stops.
    """

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.errors: list[Problem] = []
        self.notes: list[Problem] = []
        self.error_total = 0
        self.note_total = 0
        self.pillar_ids = IdRegistry("pillar id")
        self.question_ids = IdRegistry("question id")
        self.best_practice_ids = IdRegistry("bestPracticeId")
        self.phase_ids: frozenset[str] = frozenset()

    def error(self, code: str, pointer: str, message: str) -> None:
        """Record an error: the document will be rejected."""
        self.error_total += 1
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(Problem(code, pointer, message, ERROR))
        if self.error_total >= MAX_COUNTED:
            raise StopChecking

    def warning(self, code: str, pointer: str, message: str) -> None:
        """Record a warning: accepted, but the author should look."""
        self._note(Problem(code, pointer, message, WARNING))

    def info(self, code: str, pointer: str, message: str) -> None:
        """Record an informational note."""
        self._note(Problem(code, pointer, message, INFO))

    def add(self, problem: Problem) -> None:
        """Record a ready-made warning or info."""
        self._note(problem)

    def _note(self, problem: Problem) -> None:
        self.note_total += 1
        if len(self.notes) < MAX_PROBLEMS:
            self.notes.append(problem)

    def tolerated(self, code: str, pointer: str, message: str, fix: str = "") -> None:
        """Record something strict mode rejects and lenient mode accepts after ``fix``."""
        if self.strict:
            self.error(code, pointer, message)
        else:
            self.warning(code, pointer, f"{message}; {fix}" if fix else message)

    def unknown_key(self, pointer: str, key: str, where: str) -> None:
        """Report a key the format does not define; lenient mode drops it.

        The value is never quoted: real files carry personal data in such keys (``_teams``).
        """
        self.tolerated(
            "UNKNOWN_KEY",
            pointer,
            f"unknown key {show(key)} in {where}",
            "ignored and not stored",
        )

    def warnings(self) -> list[Problem]:
        """Return the warnings and infos, capped like errors."""
        return cap(self.notes, self.note_total, "warnings")

    def raise_if_errors(self) -> None:
        """Raise ``LensFormatError`` when any error was recorded."""
        if self.error_total:
            raise LensFormatError(
                self.errors,
                self.notes,
                total=self.error_total,
                warning_total=self.note_total,
                stopped=self.error_total >= MAX_COUNTED,
            )


class IdRegistry:
    """Ids unique in a scope, also after case folding (URLs and some databases fold case)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._exact: dict[str, str] = {}
        self._folded: dict[str, tuple[str, str]] = {}

    def add(self, ctx: Context, value: str, pointer: str) -> None:
        """Register ``value`` found at ``pointer``; report DUPLICATE_ID when it is taken."""
        if value in self._exact:
            ctx.error(
                "DUPLICATE_ID",
                pointer,
                f"duplicate {self.label} {show(value)} (first used at {self._exact[value]})",
            )
            return
        folded = value.casefold()
        if folded in self._folded:
            other, where = self._folded[folded]
            ctx.error(
                "DUPLICATE_ID",
                pointer,
                f"{self.label} {show(value)} differs only in letter case from {show(other)} at "
                f"{where}; ids must be unique ignoring case",
            )
            return
        self._exact[value] = pointer
        self._folded[folded] = (value, pointer)

    def __contains__(self, value: object) -> bool:
        return value in self._exact
