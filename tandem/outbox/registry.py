"""Who delivers what: each app registers the handlers of its deliveries in `AppConfig.ready()`.

This is how a lower app has a higher one act without importing it: the outbox runs a handler
by its name. Registering a name twice is a mistake and raises, so two apps can never silently
replace each other's handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.outbox.models import Delivery

Handler = Callable[["Delivery"], None]

_handlers: dict[str, Handler] = {}


class AlreadyRegistered(Exception):
    pass


def register(name: str, handler: Handler) -> None:
    """Make `handler` deliver the deliveries recorded under `name`."""
    if name in _handlers:
        raise AlreadyRegistered(f"A delivery handler named {name!r} is registered already.")
    _handlers[name] = handler


def unregister(name: str) -> None:
    """For tests and benchmarks that register a handler of their own."""
    _handlers.pop(name, None)


def get(name: str) -> Handler:
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"No delivery handler is registered under {name!r}.") from None


def is_registered(name: str) -> bool:
    return name in _handlers
