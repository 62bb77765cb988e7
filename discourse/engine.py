"""Where work runs: map a function over a stream of items, in this process, in a pool of worker
processes, or on a Dask cluster, yielding results in input order with a bounded number of items
in flight.

:class:`Engine` names the choice (``local`` with ``jobs`` processes, or ``dask`` with an optional
scheduler address); :meth:`Engine.open` starts what it needs (a process pool, a Dask client and,
without an address, a ``LocalCluster``) and gives a :class:`Runner` whose ``map`` is the one
interface the drivers use. Results never depend on the engine or the number of workers: the
same function runs on the same items, and results come back in input order.

A worker that dies makes the run fail with :class:`~discourse.errors.RunError` (Dask first
retries the item on another worker, as it does by default), never return partial results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from .errors import ConfigError, RunError

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

#: Engines :class:`Engine` knows.
ENGINES = ("local", "dask")

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
        func: a picklable callable (for ``jobs > 1``), applied to one item at a time. It is
            sent to each worker once, not with every item, so a callable that builds
            expensive state on first use (classifiers, lexicons) builds it once per worker.
        items: any iterable; it is consumed lazily, at most ``window`` items ahead.
        jobs: 1 runs in this process; more starts that many worker processes ("spawn", so
            that no lock held by a thread of this process is inherited).
        window: items in flight at once (default: 2 per worker); bounds memory.
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
    window = window or 2 * jobs
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=ctx, initializer=_install, initargs=(func, initializer, initargs)
    )
    pending: deque[Future[Any]] = deque()
    source = iter(items)
    try:
        try:
            for item in islice(source, window):
                pending.append(pool.submit(_call, item))
            while pending:
                result = pending.popleft().result()
                nxt = next(source, _END)
                if nxt is not _END:
                    pending.append(pool.submit(_call, nxt))
                yield result
        except BrokenProcessPool as exc:
            # From a result or from submitting the next item, whichever meets the dead pool first.
            raise RunError(f"a worker process died ({exc}); no partial results were kept") from None
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()


# ---------------------------------------------------------------------------- Dask


def dask_available() -> bool:
    """True when dask.distributed can be imported (``pip install discourse[dask]``)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def map_ordered_dask(
    func: Callable[[T], R],
    items: Iterable[T],
    client: Any,
    *,
    window: int,
    initializer: Callable[[], None] | None = None,
) -> Iterator[R]:
    """:func:`map_ordered` on a Dask cluster: ``client.submit`` with at most ``window`` items in
    flight, results in input order.

    The function is sent to the workers once (``client.scatter``) rather than with every item.

    Raises:
        RunError: an item killed its worker on every try (Dask's ``KilledWorker``), or the
            cluster went away.
    """
    from distributed import CancelledError
    from distributed.scheduler import KilledWorker

    remote = client.scatter(func, broadcast=True, hash=False)
    pending: deque[Any] = deque()
    source = iter(items)

    def submit(item: Any) -> None:
        pending.append(client.submit(_dask_call, remote, item, initializer, pure=False))

    try:
        for item in islice(source, window):
            submit(item)
        while pending:
            future = pending.popleft()
            try:
                result = future.result()
            except KilledWorker as exc:
                raise RunError(
                    f"a Dask worker died on every try of one item ({exc}); no partial results were kept"
                ) from None
            except (CancelledError, OSError) as exc:
                raise RunError(f"the Dask cluster stopped answering ({type(exc).__name__}: {exc})") from None
            finally:
                future.release()
            nxt = next(source, _END)
            if nxt is not _END:
                submit(nxt)
            yield result
    finally:
        for f in pending:
            f.cancel()
            f.release()


_DASK_READY = False


def _dask_call(func: Callable[[Any], Any], item: Any, initializer: Callable[[], None] | None) -> Any:
    global _DASK_READY
    if not _DASK_READY and initializer is not None:
        initializer()
    _DASK_READY = True
    return func(item)


# ---------------------------------------------------------------------------- engines


@dataclass(frozen=True)
class Engine:
    """Where a run's work goes.

    Attributes:
        kind: ``local`` (this machine's cores) or ``dask`` (a Dask cluster).
        jobs: worker processes (None or 0: every core). ``local``: 1 runs in this process.
            ``dask`` without a scheduler: the size of the local cluster.
        scheduler: a Dask scheduler address (``tcp://host:8786``); None starts a
            ``LocalCluster`` on this machine.
    """

    kind: str = "local"
    jobs: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ConfigError(f"unknown engine {self.kind!r} (known: {', '.join(ENGINES)})")
        if self.scheduler and self.kind != "dask":
            raise ConfigError("--scheduler needs --engine dask")

    @property
    def workers(self) -> int:
        return resolve_jobs(self.jobs)

    @property
    def shares_files(self) -> bool:
        """Whether workers can read this machine's files (so that tasks may name paths)."""
        return self.kind == "local" or not self.scheduler

    def open(self) -> Runner:
        """Start the engine (a Dask client and cluster when asked); use as a context manager."""
        if self.kind == "dask":
            return _DaskRunner(self)
        return Runner(self)


class Runner(AbstractContextManager["Runner"]):
    """A started engine: :meth:`map` runs a function over items, results in input order."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def parallel(self) -> bool:
        """Whether items run outside this process."""
        return self.engine.workers > 1

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        window: int | None = None,
        initializer: Callable[[], None] | None = None,
        parallel: bool = True,
    ) -> Iterator[R]:
        """Apply ``func`` to every item; ``parallel=False`` runs this call in this process
        (a run too small to repay starting workers)."""
        jobs = self.engine.workers if parallel else 1
        return map_ordered(func, items, jobs, window=window, initializer=initializer)

    def __exit__(self, *exc: Any) -> None:
        return None


class _DaskRunner(Runner):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(
                "--engine dask needs Dask: pip install 'discourse[dask]'"
            ) from None
        self.cluster: Any = None
        try:
            if engine.scheduler:
                self.client = Client(engine.scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(
                    n_workers=engine.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = engine.scheduler or "a local cluster"
            raise RunError(f"cannot connect to the Dask scheduler at {where} ({exc})") from None

    @property
    def parallel(self) -> bool:
        return True

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        *,
        window: int | None = None,
        initializer: Callable[[], None] | None = None,
        parallel: bool = True,
    ) -> Iterator[R]:
        nworkers = max(1, len(self.client.scheduler_info().get("workers", {})))
        return map_ordered_dask(
            func, items, self.client, window=window or 2 * nworkers, initializer=initializer
        )

    def close(self) -> None:
        for thing in (getattr(self, "client", None), self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - shutting down; nothing left to save
                    log.debug("closing %r failed", thing, exc_info=True)

    def __exit__(self, *exc: Any) -> None:
        self.close()
