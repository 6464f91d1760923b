"""How a lower app sets off a higher one without importing it.

Apps sit in layers (see docs/architecture.md): an app imports only the apps below it. When
something that happens low down must start work higher up (an assistant was active, so
continuity resolves their silence; a brief was acknowledged, so the task moves on), the lower
app declares a hook and sends it from its service, and the higher app connects a receiver in
its `AppConfig.ready()`.

A hook is named, typed (its receivers take the arguments `send` is given, checked by mypy) and
explicit: every receiver is connected in one place per app, never by importing a module for
its side effects, and connecting the same receiver twice raises instead of silently replacing
or doubling it. Receivers run in the order their apps are listed in `INSTALLED_APPS`, inside
the sender's transaction, so they schedule their side effects on commit like any service.

`Hook` fans out to every receiver. `Provider` is the one-answer kind: a lower app asks a higher
one for something (the digest's content) and exactly one receiver must answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class AlreadyConnected(Exception):
    pass


class NotConnected(Exception):
    pass


def _label(receiver: Callable[..., object]) -> str:
    return f"{receiver.__module__}.{receiver.__qualname__}"


class Hook(Generic[P]):
    """Something that happened in a lower app, which higher apps act on.

    Declared by decorating a function whose signature (and docstring) is the hook's: what it
    sends, and what it means::

        @Hook
        def activity_seen(member: Membership, *, at: datetime | None = None) -> None:
            "A member did something meaningful."
    """

    def __init__(self, prototype: Callable[P, None]) -> None:
        self.name = f"{prototype.__module__}.{prototype.__qualname__}"
        self.__doc__ = prototype.__doc__
        self._receivers: dict[str, Callable[P, object]] = {}

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"

    def connect(self, receiver: Callable[P, object]) -> None:
        label = _label(receiver)
        if label in self._receivers:
            raise AlreadyConnected(f"{label} is connected to the hook {self.name!r} already.")
        self._receivers[label] = receiver

    def disconnect(self, receiver: Callable[P, object]) -> None:
        """For tests that connect a receiver of their own."""
        self._receivers.pop(_label(receiver), None)

    @property
    def receivers(self) -> list[str]:
        return list(self._receivers)

    def send(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for receiver in self._receivers.values():
            receiver(*args, **kwargs)


class Provider(Generic[P, R]):
    """A question a lower app asks a higher one; exactly one receiver answers it. Declared
    like a `Hook`, by decorating a function whose signature is the question's."""

    def __init__(self, prototype: Callable[P, R]) -> None:
        self.name = f"{prototype.__module__}.{prototype.__qualname__}"
        self.__doc__ = prototype.__doc__
        self._receiver: Callable[P, R] | None = None

    def __repr__(self) -> str:
        return f"<Provider {self.name}>"

    def connect(self, receiver: Callable[P, R]) -> None:
        if self._receiver is not None:
            raise AlreadyConnected(
                f"{_label(self._receiver)} answers {self.name!r} already; "
                f"{_label(receiver)} cannot answer it too."
            )
        self._receiver = receiver

    def disconnect(self) -> None:
        """For tests that connect a receiver of their own."""
        self._receiver = None

    @property
    def is_connected(self) -> bool:
        return self._receiver is not None

    def ask(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._receiver is None:
            raise NotConnected(f"Nothing answers {self.name!r}: is its app installed?")
        return self._receiver(*args, **kwargs)
