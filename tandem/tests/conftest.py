"""Fixtures of the tests that run real processes."""

from tandem.tests.processes import queue

__all__ = ["queue"]
