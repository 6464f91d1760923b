"""Background jobs of workspaces: they take ids, re-read the rows, and are safe to run twice.

The invitation email is a delivery of the outbox (`deliveries.py`), not a job of its own.
"""

from __future__ import annotations
