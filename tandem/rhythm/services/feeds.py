"""Personal calendar feeds: the secret address, and resetting it."""

from __future__ import annotations

from django.db import transaction

from tandem.accounts.models import User
from tandem.rhythm.models import CalendarFeed
from tandem.rhythm.models.feeds import new_feed_token


def calendar_feed_ensure(*, user: User) -> CalendarFeed:
    """The person's feed, made the first time they look for its address."""
    with transaction.atomic():
        feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret address: the old one stops working at once (a leaked link is dead)."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_feed_token()
            feed.save(update_fields=["token"])
    return feed
