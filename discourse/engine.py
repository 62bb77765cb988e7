"""Where work runs: map a function over a stream of items, in this process or in a pool of
worker processes, yielding results in input order with a bounded number of items in flight.

``map_ordered`` is the one interface the analysis driver uses; the scale issue adds a Dask
engine behind the same signature. The function is sent to each worker once (not with every
item), so a callable that builds expensive state on first use (classifiers, lexicons) builds
it once per worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from .errors import RunError

T = TypeVar("T")
R = TypeVar("R")

# The worker's function, installed once per worker process by _install.
_FUNC: Callable[[Any], Any] | None = None


def available_cores() -> int:
    """Cores this process may use (the affinity mask where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or 0 → every available core; negative → all but that many; else as given."""
    cores = available_cores()
    if not jobs:
        return cores
    if jobs < 0:
        return max(1, cores + jobs)
    return jobs


def _install(
    func: Callable[[Any], Any], initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    global _FUNC
    if initializer is not None:
        initializer(*initargs)
    _FUNC = func


def _call(item: Any) -> Any:
    assert _FUNC is not None, "worker not initialised"
    return _FUNC(item)


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    *,
    window: int | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """Apply ``func`` to every item and yield the results in input order.

    Args:
        func: a picklable callable (for ``jobs > 1``), applied to one item at a time.
        items: any iterable; it is consumed lazily, at most ``window`` items ahead.
        jobs: 1 runs in this process; more starts that many worker processes ("spawn", so
            that no lock held by a thread of this process is inherited).
        window: items in flight at once (default: 4 per worker); bounds memory.
        initializer: run once in each worker before any item (e.g. limit BLAS threads).
            With ``jobs == 1`` it is not run: the caller sets up its own process.

    Raises:
        RunError: a worker process died; the run stops rather than yield partial results.
        Any exception ``func`` raises, unchanged, after the pool is shut down.
    """
    if jobs <= 1:
        for item in items:
            yield func(item)
        return
    window = window or 4 * jobs
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=ctx, initializer=_install, initargs=(func, initializer, initargs)
    )
    pending: deque[Future[Any]] = deque()
    source = iter(items)
    try:
        for item in islice(source, window):
            pending.append(pool.submit(_call, item))
        while pending:
            future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool as exc:
                raise RunError(f"a worker process died ({exc}); no partial results were kept") from None
            nxt = next(source, _END)
            if nxt is not _END:
                pending.append(pool.submit(_call, nxt))
            yield result
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()
