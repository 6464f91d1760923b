"""Forms that are safe to submit twice.

Every form that changes data carries a one-time key (`{% form_key %}` renders it). The
`@idempotent` view decorator runs the view and records the key in the same transaction; when the
same key arrives again, the view is not run: the person is sent where the first submission sent
them (or, for htmx, nothing changes). Two submissions racing each other are settled by the
unique constraint: the loser's work is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect

from tandem.workspaces.models import FormSubmission

FIELD = "form_key"


class _Duplicate(Exception):
    pass


def _replay(request: Any, location: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponse(status=204)
    return HttpResponseRedirect(location or request.path)


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Apply inside `member_required`: it needs `request.member`."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.POST.get(FIELD, "")[:64] if request.method == "POST" else ""
        if not key:
            return view(request, *args, **kwargs)
        member = request.member
        earlier = FormSubmission.objects.filter(member=member, key=key).first()
        if earlier is not None:
            return _replay(request, earlier.location)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if response.status_code < 400:
                    try:
                        with transaction.atomic():
                            record_submission(
                                member=member, key=key, location=response.get("Location", "")
                            )
                    except IntegrityError:
                        raise _Duplicate from None
        except _Duplicate:
            earlier = FormSubmission.objects.filter(member=member, key=key).first()
            return _replay(request, earlier.location if earlier else "")
        return response

    return wrapper


def earlier_submission(user: Any, key: str) -> FormSubmission | None:
    """A form sent before a person has a place in the workspace it makes (a new workspace):
    the key is looked up across all of their memberships."""
    if not key:
        return None
    return FormSubmission.objects.filter(member__user=user, key=key[:64]).first()


def record_submission(*, member: Any, key: str, location: str) -> None:
    if key:
        FormSubmission.objects.create(
            workspace_id=member.workspace_id, member=member, key=key[:64], location=location[:500]
        )
