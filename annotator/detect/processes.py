"""Detection in several processes: ``detect_in_processes`` gives exactly what ``detect_texts``
gives in one (a test checks it), in the same order, using every core.

Each worker builds its own pipeline once (spaCy pipelines are not shared between processes)
and detects a chunk of texts at a time; results come back in input order. Workers are
started with ``spawn``, which is safe beside threads and the same on every platform.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence

from annotator.detect.run import DetectionResult, detect_texts

_worker: dict = {}


def detect_in_processes(
    texts: Sequence[str], tier: str, processes: int, batch_size: int = 32
) -> Iterator[DetectionResult]:
    """One result per text, in order, detected by ``processes`` worker processes."""
    if processes <= 1:
        yield from detect_texts(texts, _pipeline(tier), batch_size)
        return
    chunk = max(1, min(batch_size * 4, -(-len(texts) // processes)))
    chunks = [list(texts[i : i + chunk]) for i in range(0, len(texts), chunk)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, _start, (tier, batch_size)) as pool:
        for results in pool.imap(_detect_chunk, chunks):
            yield from results


def _pipeline(tier: str):
    from annotator.detect.pipeline import shared_pipeline

    return shared_pipeline(tier)


def _start(tier: str, batch_size: int) -> None:
    _worker.update(nlp=_pipeline(tier), batch_size=batch_size)


def _detect_chunk(texts: list[str]) -> list[DetectionResult]:
    return list(detect_texts(texts, _worker["nlp"], _worker["batch_size"]))
