"""Who delivers what: each app registers the handlers of its deliveries in `AppConfig.ready()`.

This is how a lower app has a higher one act without importing it: the outbox runs a handler
by its name. Registering a name twice is a mistake and raises, so two apps can never silently
replace each other's handler.

A handler takes one row. A handler that can tell many at once for the price of one (the
silence sweep's escalations: one query for the people, one insert for the notifications) may
also register a `batch` handler, which the runner gives every claimed row of that name
together. A batch handler must be safe to run again for all its rows; if it fails, the runner
runs each row on its own with the single handler, so only the failing row waits for its
back-off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.outbox.models import Delivery

Handler = Callable[["Delivery"], None]
BatchHandler = Callable[[Sequence["Delivery"]], None]


@dataclass(frozen=True)
class Registered:
    single: Handler
    batch: BatchHandler | None = None


_handlers: dict[str, Registered] = {}


class AlreadyRegistered(Exception):
    pass


def register(name: str, handler: Handler, *, batch: BatchHandler | None = None) -> None:
    """Make `handler` deliver the deliveries recorded under `name`, and `batch`, if given,
    many of them at once."""
    if name in _handlers:
        raise AlreadyRegistered(f"A delivery handler named {name!r} is registered already.")
    _handlers[name] = Registered(single=handler, batch=batch)


def unregister(name: str) -> None:
    """For tests and benchmarks that register a handler of their own."""
    _handlers.pop(name, None)


def get(name: str) -> Registered:
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"No delivery handler is registered under {name!r}.") from None


def is_registered(name: str) -> bool:
    return name in _handlers
