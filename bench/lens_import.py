"""Area 6: a generated lens file of nearly 500 KB (the format's size limit), strict and
lenient, through the validator alone (``lensformat.load``) and through the import service
(validation plus the whole question tree written to the database)."""

from __future__ import annotations

import time

from bench.common import Bench
from bench.figures import Figure, Target, figure

AREA = "lens import"


def _seconds(call, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return times


def run(bench: Bench) -> list[Figure]:
    from catalog import lensformat
    from catalog.services import lens_import

    raw = bench.lens_file
    size = f"{len(raw):,} bytes"
    repeats = bench.sizes.imports
    figures = []
    for mode, strict in (("strict", True), ("lenient", False)):
        loads = _seconds(lambda s=strict: lensformat.load(raw, strict=s), repeats * 3)
        imports = _seconds(
            lambda s=strict: lens_import(raw=raw, user=bench.owner, strict=s), repeats
        )
        figures += [
            figure(
                AREA,
                f"load_{mode}_s",
                f"lensformat.load, {mode}",
                loads,
                "s",
                Target.below(2, "s"),
                note=size,
            ),
            figure(
                AREA,
                f"import_{mode}_s",
                f"services.lens_import, {mode}",
                imports,
                "s",
                Target.below(2, "s"),
                note=size,
            ),
        ]
    return figures
