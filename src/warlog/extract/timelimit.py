"""A per-report limit on extraction time, so that no input can hang an ingest.

The limit counts CPU seconds of the thread doing the extraction, not wall-clock seconds and not the CPU of
the process's other threads: on a loaded machine a report waits for a core without coming nearer its limit
(a 20,000-character report took 1.3-1.6 s of CPU idle and under four busy competitors alike, while its wall
time went from 5 s to 20 s), a busy thread beside it (a server, a Dask client) does not use up its time,
and a hang (a rule that loops, a regular expression that backtracks without end) burns the thread's own
CPU and so always reaches it.

- In a process's main thread (an in-process ingest, the forked extraction workers), a CPU-time timer
  (ITIMER_PROF) raises TimeLimitExceeded from a signal handler. Python checks for signals inside long
  regular-expression matches too, so even a catastrophic backtrack stops. ITIMER_PROF counts the CPU of
  the whole process, so when it fires the handler reads the thread's own clock and, if the thread has time
  left (other threads used the rest), sets the timer again for what is left.
- In any other thread (a Dask worker runs its tasks in a thread pool), a watchdog thread reads the
  extracting thread's CPU clock and raises TimeLimitExceeded in it asynchronously. That stops any Python
  code, but not one long call into C (a regular-expression match) until it returns.
- Where the platform has neither clock (Windows; macOS outside the main thread), there is no limit.

The default (DEFAULT_S) is generous, so that a slower or loaded machine does not change what is stored:
reports of news length take well under 0.1 s of CPU here (the slowest of 1,500 dev-set reports 0.06 s),
a 20,000-character one about 1.5 s, a 50,000-character one 11 s, the longest parsed (MAX_PARSED_CHARS,
100,000 characters) about 48 s. A report that reaches its limit yields nothing, never part of its events:
its extraction is dropped whole (`Extraction.unread`), and an ingest skips it like an input it cannot read
(not stored, named on stderr with the reason, exit code 3), so the same ingest again retries it.

WARLOG_TIME_LIMIT (seconds; 0 turns the limit off) sets the default; an extractor's `time_limit`
attribute, and `warlog ingest --time-limit`, override it.
"""

from __future__ import annotations

import ctypes
import math
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

DEFAULT_S = 60.0
# the least the main thread's timer is set again for, when other threads used its time (signals stay rare)
REARM_MIN_S = 0.01


class TimeLimitExceeded(Exception):
    """Extraction of one report ran past its limit (caught by the extractor, never shown as an error)."""


def default_limit() -> float | None:
    """WARLOG_TIME_LIMIT if set (0: no limit), else DEFAULT_S; anything but a number of seconds, 0 or more, is
    an InputError that names the variable."""
    value = os.environ.get("WARLOG_TIME_LIMIT", "").strip()
    if not value:
        return DEFAULT_S
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not seconds >= 0:  # also NaN
        from warlog.errors import InputError

        raise InputError(f"WARLOG_TIME_LIMIT={value!r} is not a number of seconds: set it to the CPU seconds one "
                         "report may take (0: no limit), or unset it for the default of "
                         f"{DEFAULT_S:g}")
    return seconds if seconds > 0 else None


def limit_of(extractor: object) -> float | None:
    """The limit an extractor runs under: its `time_limit` attribute when set, else the default."""
    seconds = getattr(extractor, "time_limit", None)
    if seconds is None:
        return default_limit()
    return seconds if seconds > 0 else None


def reason(seconds: float) -> str:
    return (f"extraction stopped after {seconds:g} s of CPU time (the per-report limit); the report was "
            "not stored: raise the limit with --time-limit or WARLOG_TIME_LIMIT if it is only long")


@contextmanager
def cpu_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once the calling thread has used `seconds` of CPU time in it."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        if not hasattr(signal, "setitimer"):  # Windows: no CPU-time timers
            yield
            return
        with _main_thread_limit(seconds):
            yield
    else:
        if not hasattr(time, "pthread_getcpuclockid"):  # macOS, Windows: no clock for another thread's CPU
            yield
            return
        with _watchdog().limit(seconds):
            yield


@contextmanager
def _main_thread_limit(seconds: float) -> Iterator[None]:
    deadline = time.thread_time() + seconds  # this (the main) thread's own CPU clock

    def stop(signum, frame):
        left = deadline - time.thread_time()
        if left > 0:  # the timer counts every thread's CPU: the others used it, this one has time left
            signal.setitimer(signal.ITIMER_PROF, max(left, REARM_MIN_S))
            return
        raise TimeLimitExceeded(seconds)

    old_handler = signal.signal(signal.SIGPROF, stop)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old_handler)
        if old_delay:  # someone else's timer was running: give it back what it had left, roughly
            signal.setitimer(signal.ITIMER_PROF, old_delay, old_interval)


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    """Make thread `ident` raise `exc` at its next Python instruction (None: take back one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One daemon thread per process that stops threads running past their CPU-time limit."""

    POLL_S = 0.05

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.cond = threading.Condition()
        self.watched: dict[int, tuple[int, float]] = {}  # thread id -> (its CPU clock, deadline on it)
        self.fired: set[int] = set()
        threading.Thread(target=self._run, name="warlog-time-limit", daemon=True).start()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        ident = threading.get_ident()
        clock = time.pthread_getcpuclockid(ident)
        with self.cond:
            self._forget(ident)
            self.watched[ident] = (clock, time.clock_gettime(clock) + seconds)
            self.cond.notify()
        try:
            yield
        finally:
            with self.cond:
                self._forget(ident)

    def _forget(self, ident: int) -> None:
        """Stop watching a thread (the lock held); an exception fired at it and not yet raised is taken back,
        so that it can only ever land inside the block it was meant for."""
        self.watched.pop(ident, None)
        if ident in self.fired:
            self.fired.discard(ident)
            _raise_in(ident, None)

    def _run(self) -> None:
        with self.cond:
            while True:
                if not self.watched:
                    self.cond.wait()
                    continue
                for ident, (clock, deadline) in list(self.watched.items()):
                    try:
                        used = time.clock_gettime(clock)
                    except OSError:  # the thread is gone
                        self.watched.pop(ident, None)
                        continue
                    if used >= deadline and ident not in self.fired:
                        self.fired.add(ident)
                        _raise_in(ident, TimeLimitExceeded)
                self.cond.wait(self.POLL_S)


_WATCHDOG: _Watchdog | None = None
_WATCHDOG_LOCK = threading.Lock()


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    with _WATCHDOG_LOCK:
        if _WATCHDOG is None or _WATCHDOG.pid != os.getpid():  # threads do not survive a fork
            _WATCHDOG = _Watchdog()
        return _WATCHDOG
