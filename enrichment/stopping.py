"""Stop signals for runs started by hand or by a service manager.

``kill``, ``timeout``, systemd and container runtimes stop a process with
SIGTERM, a terminal with SIGINT; inside ``stop_signals_handled`` both ask the
run to stop the same way: the first signal stops submitting, lets the
requests in flight finish (each bounded by the SDK's timeout) and records the
run as interrupted; a second one abandons the requests in flight
(``KeyboardInterrupt``). Either way the lease is released at once, so the
next run does not wait for it to expire.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_requested: list[str] = []


def stop_requested() -> str:
    """The name of the signal that asked the run to stop, or ""."""
    return _requested[0] if _requested else ""


def _on_signal(signum: int, frame) -> None:
    if _requested:
        raise KeyboardInterrupt(signal.Signals(signum).name)
    _requested.append(signal.Signals(signum).name)


@contextmanager
def stop_signals_handled() -> Iterator[None]:
    """Route SIGINT and SIGTERM to ``stop_requested`` while the block runs
    (signal handlers belong to the main thread; elsewhere this changes nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _on_signal) for signum in STOP_SIGNALS}
    _requested.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _requested.clear()
