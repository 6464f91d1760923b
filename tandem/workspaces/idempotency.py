"""Forms that are safe to submit twice.

Every form that changes data carries a one-time key (`{% form_key %}` renders a fresh one). The
`@idempotent` view decorator makes one submission of it run, in three short steps, none of which
holds the database while the view works or a page renders:

1. Claim: insert the person's key, not yet done, in a transaction of its own. The unique
   (user, key) constraint lets exactly one of several submissions of the same form claim it.
2. Run the view. Its services open their own transactions, as they do without the decorator.
3. Record where the view sent the person (one UPDATE); or, when it failed (an exception, a status
   of 400 or more, or a form shown again with its errors, see `unspent`), delete the claim, so the
   person can correct the form and send it again with the same key.

A submission whose key is done is not run: the person is sent where the first one sent them, or,
for htmx, nothing changes (204). One whose key is claimed by a submission still running waits for
it, up to `WAIT`, then is answered the same way; if it is still running after that, htmx gets 204
and a plain form 409 with a page that says so. A claim older than `ABANDONED` belongs to a process
that was killed while running the view: the next submission takes it over and runs the view.
Keys are forgotten after `KEPT` (the daily `prune_form_keys` job).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Protocol, cast

from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from tandem.workspaces.models import FormSubmission

FIELD = "form_key"
# How long a second submission waits for the first one to finish, and how often it looks.
WAIT = 5.0
POLL = 0.05
# Longer than any view may run (gunicorn stops a worker after 30 s): the claim's owner is gone.
ABANDONED = timedelta(minutes=2)
# Keys are kept this long (the daily prune_form_keys job): far longer than any retry.
KEPT = timedelta(days=7)
# Old keys go in batches, so SQLite's write lock is never held long.
PRUNE_BATCH = 5000


class _Unspent(Protocol):
    """An answer `unspent` has marked."""

    form_key_unspent: bool


def unspent(response: HttpResponse) -> HttpResponse:
    """Mark an answer that shows the form again with its errors at status 200 (htmx swaps no 4xx
    answer): nothing was done, so the form's key stays free for the corrected form."""
    cast(_Unspent, response).form_key_unspent = True
    return response


def _replay(request: Any, location: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponse(status=204)
    return HttpResponseRedirect(location or request.path)


def _busy(request: Any) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponse(status=204)
    return render(request, "workspaces/form_busy.html", status=409)


def _claim(user_id: int, key: str) -> int | None:
    """The claim's id, or None when someone else has the key."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # No wait for the disk: PostgreSQL writes its log in order, so the claim is
                # durable once anything the view then commits is; if the view commits nothing, a
                # claim lost in a crash lost nothing.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return cast(int, FormSubmission.objects.create(user_id=user_id, key=key).pk)
    except IntegrityError:
        return None


def _take_over(pk: int, now: datetime) -> bool:
    """Claim again a key whose claim was abandoned: exactly one submission gets it."""
    return bool(
        FormSubmission.objects.filter(
            pk=pk, done_at__isnull=True, created_at__lt=now - ABANDONED
        ).update(created_at=now)
    )


def _wait_for_claim(request: Any, user_id: int, key: str) -> int | HttpResponse:
    """Claim the key, or the answer to a submission whose key someone else has. Waiting reads
    only: it writes again only to claim a key that was freed, or abandoned."""
    deadline = time.monotonic() + WAIT
    claim = _claim(user_id, key)
    while claim is None:
        earlier = (
            FormSubmission.objects.filter(user_id=user_id, key=key)
            .values("pk", "location", "created_at", "done_at")
            .first()
        )
        expired = time.monotonic() >= deadline
        if earlier is None:  # the other submission failed and freed it: claim it
            if expired:
                return _busy(request)
            claim = _claim(user_id, key)
            continue
        if earlier["done_at"] is not None:
            return _replay(request, earlier["location"])
        now = timezone.now()
        if earlier["created_at"] < now - ABANDONED and _take_over(earlier["pk"], now):
            return cast(int, earlier["pk"])
        if expired:
            return _busy(request)
        time.sleep(POLL)
    return claim


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Apply inside the login or access decorator: it needs `request.user`."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.POST.get(FIELD, "")[:64] if request.method == "POST" else ""
        if not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        claim = _wait_for_claim(request, request.user.pk, key)
        if isinstance(claim, HttpResponse):
            return claim
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(pk=claim).delete()
            raise
        if response.status_code >= 400 or getattr(response, "form_key_unspent", False):
            FormSubmission.objects.filter(pk=claim).delete()
        else:
            FormSubmission.objects.filter(pk=claim).update(
                location=response.get("Location", "")[:500], done_at=timezone.now()
            )
        return response

    return wrapper


def form_keys_prune(*, before: datetime) -> int:
    """Delete the keys made before `before` in batches, through the index on their creation
    time; return how many went."""
    deleted = 0
    while True:
        batch = FormSubmission.objects.filter(created_at__lt=before).values("pk")[:PRUNE_BATCH]
        count, _per_model = FormSubmission.objects.filter(pk__in=batch).delete()
        deleted += count
        if count < PRUNE_BATCH:
            return deleted
