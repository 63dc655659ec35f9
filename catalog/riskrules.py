"""Risk rules of custom lenses: parse a condition once, evaluate it many times.

Grammar (custom-lens spec, section 2.5; precedence is ours: ``!`` over ``&&`` over ``||``)::

    condition := "default" | expr
    expr      := and ( "||" and )*
    and       := unary ( "&&" unary )*
    unary     := "!" unary | "(" expr ")" | CHOICE_ID
    CHOICE_ID := [A-Za-z0-9_]{3,128}

Conditions come from uploaded files, so the parser is built for hostile input: it reads at most
``MAX_TOKENS`` tokens and ``MAX_DEPTH`` levels of nesting (each ``(`` and each ``!`` is a level)
and raises ``RiskRuleSyntaxError`` beyond that, which also bounds the recursion of evaluation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

MAX_DEPTH = 32
MAX_TOKENS = 512
MIN_ID_LENGTH = 3
MAX_ID_LENGTH = 128

RISK_LEVELS = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}

DEFAULT_KEYWORD = "default"

# Only ASCII whitespace: a no-break space in a condition is more likely a paste accident.
_SPACE = re.compile(r"[ \t\r\n]*")
_IDENT = re.compile(r"[A-Za-z0-9_]+")


class RiskRuleSyntaxError(ValueError):
    """A condition that does not follow the grammar; ``position`` is a 0-based offset into it.

    Errors found at the end of the text point just past its last character, so
    ``0 <= position <= len(condition)`` always holds.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.message = message
        self.position = position


class Expr:
    """A parsed condition. Subclasses are frozen dataclasses, so trees compare by value."""

    __slots__ = ()

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        """Return whether the condition holds when exactly ``true_ids`` are selected."""
        raise NotImplementedError

    def choice_ids(self) -> frozenset[str]:
        """Return every choice id the condition mentions."""
        raise NotImplementedError

    def render(self) -> str:
        """Return canonical text for the condition; ``parse(render())`` gives an equal tree."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Default(Expr):
    """The ``default`` condition: always true."""

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        return True

    def choice_ids(self) -> frozenset[str]:
        return frozenset()

    def render(self) -> str:
        return DEFAULT_KEYWORD


@dataclass(frozen=True)
class Choice(Expr):
    """True when the choice ``id`` is selected."""

    id: str

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        return self.id in true_ids

    def choice_ids(self) -> frozenset[str]:
        return frozenset((self.id,))

    def render(self) -> str:
        return self.id


@dataclass(frozen=True)
class Not(Expr):
    """Negation of ``operand``."""

    operand: Expr

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        return not self.operand.evaluate(true_ids)

    def choice_ids(self) -> frozenset[str]:
        return self.operand.choice_ids()

    def render(self) -> str:
        return "!" + _wrap(self.operand, (And, Or))


@dataclass(frozen=True)
class _Nary(Expr):
    operands: tuple[Expr, ...]

    def __post_init__(self) -> None:
        operands = tuple(self.operands)
        if len(operands) < 2:
            raise ValueError(f"{type(self).__name__} needs at least two operands")
        object.__setattr__(self, "operands", operands)

    def choice_ids(self) -> frozenset[str]:
        return frozenset().union(*(operand.choice_ids() for operand in self.operands))


@dataclass(frozen=True)
class And(_Nary):
    """True when every operand is true."""

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        return all(operand.evaluate(true_ids) for operand in self.operands)

    def render(self) -> str:
        # A nested And only exists in hand-built trees; keeping its parentheses keeps its shape.
        return " && ".join(_wrap(operand, (And, Or)) for operand in self.operands)


@dataclass(frozen=True)
class Or(_Nary):
    """True when at least one operand is true."""

    def evaluate(self, true_ids: AbstractSet[str]) -> bool:
        return any(operand.evaluate(true_ids) for operand in self.operands)

    def render(self) -> str:
        # Parentheses around an And are not needed by precedence, but readers should not need it.
        return " || ".join(_wrap(operand, (And, Or)) for operand in self.operands)


def _wrap(expr: Expr, grouped: tuple[type[Expr], ...]) -> str:
    text = expr.render()
    return f"({text})" if isinstance(expr, grouped) else text


def _join(kind: type[_Nary], operands: list[Expr]) -> Expr:
    """Build an n-ary node, merging same-kind children: ``a && (b && c)`` is ``a && b && c``."""
    if len(operands) == 1:
        return operands[0]
    flat: list[Expr] = []
    for operand in operands:
        flat.extend(operand.operands if isinstance(operand, kind) else (operand,))
    return kind(tuple(flat))


def _describe(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "...")


class _Parser:
    """Recursive descent over a lazily read token stream, so the leftmost problem is reported."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = 0
        self.pos = _SPACE.match(text).end()
        self.kind = ""
        self.value = ""
        self.start = 0
        self.advance()

    def fail(self, message: str) -> RiskRuleSyntaxError:
        """Build the error for a problem with the current token."""
        return RiskRuleSyntaxError(message, self.start)

    def advance(self) -> None:
        text, pos = self.text, self.pos
        self.start = pos
        if pos >= len(text):
            self.kind, self.value = "end", ""
            return
        self.count += 1
        if self.count > MAX_TOKENS:
            raise self.fail(f"more than {MAX_TOKENS} tokens")
        char = text[pos]
        if char in "()!":
            self.kind = self.value = char
            end = pos + 1
        elif text.startswith(("&&", "||"), pos):
            self.kind = self.value = text[pos : pos + 2]
            end = pos + 2
        elif char in "&|":
            raise self.fail(f"unexpected {char!r} (operators are '&&' and '||')")
        else:
            match = _IDENT.match(text, pos)
            if match is None:
                raise self.fail(f"unexpected {char!r}")
            end = match.end()
            length = end - pos
            if length < MIN_ID_LENGTH:
                raise self.fail(
                    f"choice id {match.group()!r} is shorter than {MIN_ID_LENGTH} characters"
                )
            if length > MAX_ID_LENGTH:
                raise self.fail(f"choice id longer than {MAX_ID_LENGTH} characters")
            self.kind, self.value = "id", match.group()
        self.pos = _SPACE.match(text, end).end()

    def unexpected(self) -> RiskRuleSyntaxError:
        if self.kind == "end":
            return self.fail("unexpected end of condition")
        return self.fail(f"unexpected {_describe(self.value)}")

    def expr(self, depth: int) -> Expr:
        operands = [self.conjunction(depth)]
        while self.kind == "||":
            self.advance()
            operands.append(self.conjunction(depth))
        return _join(Or, operands)

    def conjunction(self, depth: int) -> Expr:
        operands = [self.unary(depth)]
        while self.kind == "&&":
            self.advance()
            operands.append(self.unary(depth))
        return _join(And, operands)

    def unary(self, depth: int) -> Expr:
        if self.kind in ("!", "("):
            if depth >= MAX_DEPTH:
                raise self.fail(f"nesting deeper than {MAX_DEPTH}")
            opener = self.kind
            self.advance()
            if opener == "!":
                return Not(self.unary(depth + 1))
            inner = self.expr(depth + 1)
            if self.kind != ")":
                raise self.fail("missing ')'") if self.kind == "end" else self.unexpected()
            self.advance()
            return inner
        if self.kind == "id":
            if self.value == DEFAULT_KEYWORD:
                raise self.fail("'default' must be the whole condition")
            node = Choice(self.value)
            self.advance()
            return node
        raise self.unexpected()


def parse(condition: str) -> Expr:
    """Parse a risk-rule condition into an immutable tree.

    Raises ``RiskRuleSyntaxError`` (with the 0-based position of the problem) for text outside the
    grammar, for more than ``MAX_TOKENS`` tokens and for nesting deeper than ``MAX_DEPTH``. The word
    ``default`` is only the default rule when it is the whole condition (surrounding whitespace
    allowed); inside an expression it is rejected rather than read as a choice id.
    """
    if not isinstance(condition, str):
        raise TypeError(f"condition must be a string, not {type(condition).__name__}")
    if condition.strip(" \t\r\n") == DEFAULT_KEYWORD:
        return Default()
    parser = _Parser(condition)
    if parser.kind == "end":
        raise RiskRuleSyntaxError("empty condition", 0)
    tree = parser.expr(0)
    if parser.kind != "end":
        raise parser.unexpected()
    return tree


@dataclass(frozen=True)
class CompiledRules:
    """A question's risk rules in order: (parsed condition, level HIGH/MEDIUM/NONE) pairs."""

    rules: tuple[tuple[Expr, str], ...]

    def evaluate(self, true_ids: AbstractSet[str]) -> str | None:
        """Return the level of the first rule whose condition holds, or None when none does."""
        for condition, level in self.rules:
            if condition.evaluate(true_ids):
                return level
        return None

    def choice_ids(self) -> frozenset[str]:
        """Return every choice id the rules mention."""
        return frozenset().union(*(condition.choice_ids() for condition, _ in self.rules))


def compile_rules(rules: Sequence[tuple[str, str]] | Iterable[tuple[str, str]]) -> CompiledRules:
    """Parse ``(condition, risk)`` pairs such as ``("a && b", "NO_RISK")`` into ``CompiledRules``.

    Raises ``RiskRuleSyntaxError`` for a bad condition and ``ValueError`` for a risk value that
    is not a key of ``RISK_LEVELS``.
    """
    compiled = []
    for condition, risk in rules:
        if risk not in RISK_LEVELS:
            raise ValueError(f"unknown risk value {risk!r}; expected one of {sorted(RISK_LEVELS)}")
        compiled.append((parse(condition), RISK_LEVELS[risk]))
    return CompiledRules(tuple(compiled))


def compile_levels(rules: Iterable[tuple[str, str]]) -> CompiledRules:
    """Parse ``(condition, level)`` pairs whose level is already ours (``HIGH``, ``MEDIUM``,
    ``NONE``, as stored on a question's rules), so stored risks are never converted."""
    levels = set(RISK_LEVELS.values())
    compiled = []
    for condition, level in rules:
        if level not in levels:
            raise ValueError(f"unknown risk level {level!r}; expected one of {sorted(levels)}")
        compiled.append((parse(condition), level))
    return CompiledRules(tuple(compiled))


def foundational_choices(rules: CompiledRules, practices: Sequence[str]) -> list[str]:
    """The practices (in the given order) that the rules make foundational.

    A practice is foundational when an answer that selects every other practice but not it
    is still HIGH risk: no amount of other work makes up for it. A question with a single
    practice has none (that practice is the whole question, not a foundation under others).
    Derived from the rules, so a lens never carries a second list that could disagree with them.
    """
    if len(practices) < 2:
        return []
    chosen = frozenset(practices)
    return [key for key in practices if rules.evaluate(chosen - {key}) == "HIGH"]
