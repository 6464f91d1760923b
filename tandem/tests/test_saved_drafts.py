"""Saved drafts: the page tag only reads them, and they are forgotten once a page showed them."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tandem.lib.drafts import SESSION_KEY, SavedDrafts, SavedDraftsMiddleware, draft_saved

TAG = Template("{% load tandem %}{% saved_drafts %}")


def request_with_drafts(*keys: str):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    draft_saved(request, *keys)
    request.session.save()
    request.session = SessionStore(request.session.session_key)
    request.saved_drafts = SavedDrafts(request)
    return request


def test_rendering_the_tag_does_not_modify_the_session(db):
    request = request_with_drafts("alice:abc:comment", "alice:abc:reply")
    html = TAG.render(Context({"request": request}))
    assert html == ('<meta name="tandem-saved-drafts" content="alice:abc:comment alice:abc:reply">')
    assert not request.session.modified
    assert request.session[SESSION_KEY] == ["alice:abc:comment", "alice:abc:reply"]


def test_the_middleware_forgets_the_drafts_a_page_showed(db):
    request = request_with_drafts("alice:abc:comment")

    def page(request):
        return HttpResponse(TAG.render(Context({"request": request})))

    response = SavedDraftsMiddleware(page)(request)
    assert b"alice:abc:comment" in response.content
    assert SESSION_KEY not in request.session
    assert request.session.modified


def test_the_middleware_keeps_the_drafts_of_an_answer_that_showed_none(db):
    request = request_with_drafts("alice:abc:comment")
    SavedDraftsMiddleware(lambda request: HttpResponse(status=302))(request)
    assert request.session[SESSION_KEY] == ["alice:abc:comment"]
    assert not request.session.modified


def test_a_page_shows_the_saved_drafts_once(owner, client_for):
    http = client_for(owner)
    session = http.session
    session[SESSION_KEY] = ["alice:abc:comment"]
    session.save()
    page = reverse("accounts:profile")
    assert 'content="alice:abc:comment"' in http.get(page).content.decode()
    assert "tandem-saved-drafts" not in http.get(page).content.decode()
