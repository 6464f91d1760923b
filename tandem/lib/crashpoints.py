"""Named points where a test makes the process die, to prove that nothing told is lost.

A test starts a real process with `TANDEM_CRASH_AT=<point>` (or `<point>:<n>`, to die the n-th
time the point is reached): the process kills itself there with SIGKILL, as a power cut or the
kernel's out-of-memory killer would. `TANDEM_PAUSE_AT=<point>` makes it sleep there instead, so
that a test can stop it with a signal of its choice in the middle of the work. Without those
variables a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

_reached: Counter[str] = Counter()


def crash_point(name: str) -> None:
    """Die (or pause) here if the environment names this point."""
    target = os.environ.get("TANDEM_CRASH_AT")
    if target:
        point, _, nth = target.partition(":")
        if point == name:
            _reached[name] += 1
            if _reached[name] >= int(nth or 1):
                os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("TANDEM_PAUSE_AT") == name:
        time.sleep(float(os.environ.get("TANDEM_PAUSE_SECONDS", "60")))
