"""Background jobs of continuity: periodic sweeps that re-read their rows and are safe to run
twice. Importing this package registers them all."""

from tandem.continuity.jobs import health, silence

__all__ = ["health", "silence"]
