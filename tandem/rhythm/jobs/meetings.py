"""Background jobs of meetings."""

from __future__ import annotations
