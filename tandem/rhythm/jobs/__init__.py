"""Background jobs of the rhythm: periodic sweeps that re-read their rows and are safe to run
twice. Importing this package registers them all."""

from tandem.rhythm.jobs import checkins, meetings

__all__ = ["checkins", "meetings"]
