"""Form keys (workspaces/idempotency.py): claimed in a short transaction of their own, the view
run outside any transaction, the result recorded; failures free the key; a second submission
waits for the first and gets its answer; abandoned claims are taken over."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from tandem.work.models import Task
from tandem.workspaces import idempotency
from tandem.workspaces.idempotency import idempotent, unspent
from tandem.workspaces.models import FormSubmission


class Counted:
    """A view that counts its runs and answers what it is given."""

    def __init__(self, answer: Callable[[], HttpResponse] | None = None) -> None:
        self.runs = 0
        self.answer = answer or (lambda: HttpResponseRedirect("/done/"))

    def __call__(self, request) -> HttpResponse:
        self.runs += 1
        return self.answer()


def send(view, user, key: str = "k1", *, htmx: bool = False) -> HttpResponse:
    request = RequestFactory().post("/form/", {"form_key": key})
    request.user = user
    request.htmx = htmx
    return idempotent(view)(request)


@pytest.fixture
def ana(db):
    return make_user("ana@example.com", "Ana Santos")


def test_it_claims_the_key_while_the_view_runs_then_records_where_it_sent(ana):
    seen = []

    def view(request):
        seen.append(FormSubmission.objects.values_list("key", "done_at").get())
        return HttpResponseRedirect("/done/")

    response = send(view, ana)
    assert response["Location"] == "/done/"
    assert seen == [("k1", None)]
    row = FormSubmission.objects.get()
    assert (row.user, row.location) == (ana, "/done/")
    assert row.done_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_view_runs_outside_any_transaction():
    user = make_user("bo@example.com", "Bo")
    inside = []

    def view(request):
        inside.append(connection.in_atomic_block)
        return HttpResponseRedirect("/done/")

    send(view, user)
    assert inside == [False]
    assert FormSubmission.objects.get().done_at is not None


def test_a_done_key_sends_the_person_where_the_first_submission_went(ana):
    view = Counted()
    send(view, ana)
    again = send(view, ana)
    htmx = send(view, ana, htmx=True)
    assert (again.status_code, again["Location"]) == (302, "/done/")
    assert htmx.status_code == 204
    assert view.runs == 1


def test_an_answer_of_200_spends_the_key(ana):
    view = Counted(lambda: HttpResponse("the refreshed thread"))
    assert send(view, ana, htmx=True).status_code == 200
    assert send(view, ana, htmx=True).status_code == 204
    assert view.runs == 1
    assert FormSubmission.objects.get().location == ""


def _raise() -> HttpResponse:
    raise RuntimeError("the view failed")


@pytest.mark.parametrize(
    "failure",
    [
        lambda: HttpResponse(status=400),
        lambda: HttpResponse(status=500),
        lambda: unspent(HttpResponse("the form with its errors")),
    ],
    ids=["400", "500", "errors-at-200"],
)
def test_a_failed_submission_frees_its_key_for_the_corrected_form(ana, failure):
    send(Counted(failure), ana)
    assert not FormSubmission.objects.exists()
    corrected = Counted()
    assert send(corrected, ana).status_code == 302
    assert corrected.runs == 1
    assert FormSubmission.objects.get().done_at is not None


def test_an_exception_frees_the_key(ana):
    with pytest.raises(RuntimeError):
        send(Counted(_raise), ana)
    assert not FormSubmission.objects.exists()
    assert send(Counted(), ana).status_code == 302


def test_a_key_is_a_persons_own(ana):
    view = Counted()
    send(view, ana)
    send(view, make_user("bo@example.com", "Bo"))
    assert view.runs == 2


def test_a_form_without_a_key_runs_each_time(ana):
    view = Counted()
    send(view, ana, key="")
    send(view, ana, key="")
    assert view.runs == 2
    assert not FormSubmission.objects.exists()


def test_it_takes_over_a_claim_its_process_abandoned(ana):
    # A worker killed while running the view leaves its claim behind, never done.
    FormSubmission.objects.create(
        user=ana, key="k1", created_at=timezone.now() - timedelta(minutes=3)
    )
    view = Counted()
    assert send(view, ana).status_code == 302
    assert view.runs == 1
    assert FormSubmission.objects.get().location == "/done/"


def test_a_submission_still_running_after_the_wait_is_answered_without_running(
    ana, owner, client_for, monkeypatch
):
    monkeypatch.setattr(idempotency, "WAIT", 0.1)
    FormSubmission.objects.create(user=owner.user, key="k1")  # the first is still running
    http = client_for(owner)
    url = reverse("work:task_new", kwargs={"ws": "alice"})
    data = {"title": "Book the venue", "priority": "3", "form_key": "k1"}
    plain = http.post(url, data)
    assert plain.status_code == 409
    assert "still being saved" in plain.content.decode()
    assert http.post(url, data, HTTP_HX_REQUEST="true").status_code == 204
    assert not Task.objects.exists()


def _in_thread(target: Callable[[], object], results: list) -> threading.Thread:
    def run() -> None:
        try:
            results.append(target())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_second_submission_waits_for_the_first_and_gets_its_answer():
    user = make_user("cy@example.com", "Cy")
    started, release = threading.Event(), threading.Event()

    def slow(request):
        started.set()
        release.wait(5)
        return HttpResponseRedirect("/done/")

    view = Counted()
    first: list[HttpResponse] = []
    second: list[HttpResponse] = []
    one = _in_thread(lambda: send(slow, user), first)
    assert started.wait(5)
    two = _in_thread(lambda: send(view, user), second)
    two.join(0.3)
    assert two.is_alive()  # waiting for the first, not running the view
    release.set()
    one.join(5)
    two.join(5)
    assert first[0]["Location"] == second[0]["Location"] == "/done/"
    assert view.runs == 0


@pytest.mark.django_db(transaction=True)
def test_a_waiting_submission_runs_when_the_first_one_fails():
    user = make_user("di@example.com", "Di")
    started, release = threading.Event(), threading.Event()

    def failing(request):
        started.set()
        release.wait(5)
        return HttpResponse(status=400)

    view = Counted()
    first: list[HttpResponse] = []
    second: list[HttpResponse] = []
    one = _in_thread(lambda: send(failing, user), first)
    assert started.wait(5)
    two = _in_thread(lambda: send(view, user), second)
    two.join(0.3)
    release.set()
    one.join(5)
    two.join(5)
    assert (first[0].status_code, second[0].status_code) == (400, 302)
    assert view.runs == 1
