"""Ctrl-C during a solve: stop CP-SAT's search, keep the plan found so far, start no new stage.

With ortools 9.15, CP-SAT's own SIGINT handling (the ``catch_sigint_signal`` parameter, on
by default) stops the running search but swallows the signal: the caller cannot tell an
interrupted stage from one that ran out of time, so a staged solve would go on with the
next stage. A Python signal handler alone does not help either: it runs only when the main
thread executes Python code again, that is after ``solve()`` returns (or at the next
solution callback). And calling ``solve()`` from another thread crashed the interpreter in
our trials (``std::bad_function_call``).

So, while :func:`watching` is entered (in the main thread), CP-SAT's handling is turned off
and Python's signal machinery is used: its C-level handler writes the signal number to a
wake-up pipe the moment the signal arrives; a small thread reading that pipe calls
:meth:`CpSolver.stop_search` at once (thread-safe), and keeps calling it until the solve
returns, which closes the window where the signal lands just before ``solve()`` starts.
The staged solve asks :func:`requested` before each stage; :func:`solve` raises
KeyboardInterrupt if a new solve would start after the interrupt.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

_lock = threading.Lock()
_state: dict = {"installed": False, "solver": None}
_requested = threading.Event()
_closed = threading.Event()


def requested() -> bool:
    """Whether Ctrl-C was pressed since the outermost :func:`watching` was entered."""
    return _requested.is_set()


def _stop() -> None:
    with _lock:
        solver = _state["solver"]
    if solver is not None:
        solver.stop_search()


def _watch(read_fd: int) -> None:
    while not _closed.is_set():
        try:
            data = os.read(read_fd, 64)
        except OSError:
            return
        if not data:  # the write end is closed: watching() is over
            return
        if signal.SIGINT in data:
            _requested.set()
            while not _closed.wait(0.05):
                _stop()


def _on_sigint(signum, frame) -> None:
    # runs later, in the main thread: the watcher thread has already acted
    _requested.set()


@contextmanager
def watching() -> Iterator[None]:
    """While entered, Ctrl-C stops the running solve instead of raising KeyboardInterrupt.
    Nested uses share the outermost one; outside the main thread it does nothing."""
    if _state["installed"] or threading.current_thread() is not threading.main_thread():
        yield
        return
    read_fd, write_fd = os.pipe()
    try:
        os.set_blocking(write_fd, False)
        previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    except (OSError, ValueError):  # a platform without it: CP-SAT's own handling stays
        os.close(read_fd)
        os.close(write_fd)
        yield
        return
    _requested.clear()
    _closed.clear()
    previous_handler = signal.signal(signal.SIGINT, _on_sigint)
    if previous_handler is None:  # installed outside Python: Python's default stands in
        previous_handler = signal.default_int_handler
    watcher = threading.Thread(target=_watch, args=(read_fd,), daemon=True)
    watcher.start()
    _state["installed"] = True
    try:
        yield
    finally:
        _state["installed"] = False
        _closed.set()
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGINT, previous_handler)
        os.close(write_fd)
        watcher.join(1.0)
        os.close(read_fd)
        _requested.clear()


def solve(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> int:
    """``solver.solve(model, callback)``, stoppable by Ctrl-C while :func:`watching`."""
    if not _state["installed"]:
        return solver.solve(model, callback)
    if requested():  # Ctrl-C came before this solve: do not start it
        raise KeyboardInterrupt
    solver.parameters.catch_sigint_signal = False
    with _lock:
        _state["solver"] = solver
    try:
        return solver.solve(model, callback)
    finally:
        with _lock:
            _state["solver"] = None
