"""The communication rhythm: check-ins, meetings and their summaries, the town hall and
personal calendar feeds (acknowledgements are the `acks` app's).

One module per part; everything is importable from `tandem.rhythm.models`.
"""

from tandem.rhythm.models.announcements import (
    Announcement,
    AnnouncementRead,
    AnnouncementReply,
    Audience,
)
from tandem.rhythm.models.checkins import (
    SCHEDULE_ROLES,
    CheckIn,
    CheckInReply,
    CheckInSchedule,
    CheckInState,
)
from tandem.rhythm.models.feeds import CalendarFeed
from tandem.rhythm.models.meetings import (
    ATTENDEE_ROLES,
    ActionItem,
    Cadence,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingSummary,
)

__all__ = [
    "ATTENDEE_ROLES",
    "SCHEDULE_ROLES",
    "ActionItem",
    "Announcement",
    "AnnouncementRead",
    "AnnouncementReply",
    "Audience",
    "Cadence",
    "CalendarFeed",
    "CheckIn",
    "CheckInReply",
    "CheckInSchedule",
    "CheckInState",
    "Meeting",
    "MeetingKind",
    "MeetingSeries",
    "MeetingSummary",
]
