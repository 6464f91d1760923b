"""Background jobs of checkins."""

from __future__ import annotations
