"""Sizes of a run, and figures: a median with min and max, a target, PASS or MISS."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How big and how long: the full run (``make bench``) or the smoke run (``--quick``)."""

    quick: bool
    duration: float  # seconds of load per level and per endpoint (answer save)
    rounds: int  # the duration is split into rounds, floor and product alternating
    levels: tuple[int, ...]
    repeats: int  # requests per in-process measurement
    workloads: int
    visible: int
    milestones_total: int
    trend_milestones: int
    lens_shape: tuple[int, int, int]  # pillars, questions per pillar, choices per question
    lens_size: int | None  # bytes of the generated lens file (None: unpadded)
    report_repeats: int
    imports: int
    writer_workloads: int  # answer save: clients share them, each with its own question
    ml_reports: bool  # reports of the ML Lens workload (else of a small synthetic one)

    @classmethod
    def full(cls, duration: float = 8.0) -> Sizes:
        return cls(
            quick=False,
            duration=duration,
            rounds=4,
            levels=(1, 8, 32),
            repeats=30,
            workloads=10_000,
            visible=2_000,
            milestones_total=100_000,
            trend_milestones=100,
            lens_shape=(10, 20, 15),
            lens_size=499_500,
            report_repeats=3,
            imports=3,
            writer_workloads=32,
            ml_reports=True,
        )

    @classmethod
    def smoke(cls) -> Sizes:
        return cls(
            quick=True,
            duration=0.3,
            rounds=1,
            levels=(1, 8, 32),
            repeats=3,
            workloads=50,
            visible=10,
            milestones_total=100,
            trend_milestones=4,
            lens_shape=(2, 3, 4),
            lens_size=None,
            report_repeats=1,
            imports=1,
            writer_workloads=1,
            ml_reports=False,
        )


@dataclass(frozen=True)
class Target:
    """A target: ``check`` says whether a figure meets it, ``text`` is how the table shows it."""

    text: str
    check: Callable[[Figure], bool]

    @classmethod
    def below(cls, limit: float, unit: str) -> Target:
        return cls(f"< {limit:g}{'' if unit == 'x' else ' '}{unit}", lambda f: f.median < limit)


@dataclass
class Figure:
    """One line of the table: a median over repeated runs, with min and max."""

    area: str
    key: str
    name: str
    unit: str
    median: float
    low: float
    high: float
    samples: int
    target: Target | None = None
    note: str = ""

    @property
    def status(self) -> str | None:
        if self.target is None:
            return None
        return "PASS" if self.target.check(self) else "MISS"

    def as_dict(self) -> dict:
        return {
            "area": self.area,
            "key": self.key,
            "figure": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "samples": self.samples,
            "target": self.target.text if self.target else None,
            "status": self.status,
            "note": self.note,
        }


def figure(area: str, key: str, name: str, values, unit: str, target=None, note="") -> Figure:
    values = list(values)
    return Figure(
        area=area,
        key=key,
        name=name,
        unit=unit,
        median=statistics.median(values),
        low=min(values),
        high=max(values),
        samples=len(values),
        target=target,
        note=note,
    )


def percentile(values, q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def chunks(values: list, parts: int) -> list[list]:
    """``values`` in ``parts`` consecutive runs of (nearly) equal length."""
    size = math.ceil(len(values) / parts)
    return [values[i : i + size] for i in range(0, len(values), size)]
