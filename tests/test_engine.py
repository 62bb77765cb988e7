"""The engine: ordered results, bounded look-ahead, errors and dead workers surface."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from discourse.engine import available_cores, map_ordered, resolve_jobs
from discourse.errors import RunError


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def die_on_two(x: int) -> int:
    if x == 2:
        os._exit(3)  # a worker killed mid-task (out of memory, signal…)
    return x


def test_in_process_is_lazy_and_ordered() -> None:
    seen: list[int] = []

    def items() -> Iterator[int]:
        for i in range(5):
            seen.append(i)
            yield i

    it = map_ordered(square, items(), 1)
    assert next(it) == 0 and seen == [0]
    assert list(it) == [1, 4, 9, 16]


def test_workers_keep_input_order_and_bound_look_ahead() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for i in range(40):
            pulled.append(i)
            yield i

    it = map_ordered(square, items(), 2, window=4)
    first = next(it)
    assert first == 0
    assert len(pulled) <= 5  # the window, plus the one submitted after the first result
    assert [first, *it] == [i * i for i in range(40)]


def test_errors_from_the_function_propagate() -> None:
    with pytest.raises(ValueError, match="three"):
        list(map_ordered(fail_on_three, range(6), 2))
    with pytest.raises(ValueError, match="three"):
        list(map_ordered(fail_on_three, range(6), 1))


def test_a_dead_worker_fails_the_run_loudly() -> None:
    with pytest.raises(RunError, match="worker process died"):
        list(map_ordered(die_on_two, range(6), 2))


def test_resolve_jobs() -> None:
    cores = available_cores()
    assert resolve_jobs(None) == cores and resolve_jobs(0) == cores
    assert resolve_jobs(3) == 3
    assert resolve_jobs(-1) == max(1, cores - 1)


def test_local_engine_runs_in_process_or_in_workers() -> None:
    from discourse.engine import Engine

    with Engine("local", 1).open() as runner:
        assert not runner.parallel
        assert list(runner.map(square, range(5))) == [0, 1, 4, 9, 16]
    with Engine("local", 2).open() as runner:
        assert runner.parallel
        assert list(runner.map(square, range(7), window=3)) == [i * i for i in range(7)]
        # A run too small for workers stays in this process: same results.
        assert list(runner.map(square, range(3), parallel=False)) == [0, 1, 4]


def test_a_pool_broken_while_submitting_also_fails_loudly() -> None:
    # Enough items that the pool breaks while later ones are still being submitted.
    with pytest.raises(RunError, match="worker process died"):
        list(map_ordered(die_on_two, range(40), 2, window=1))
