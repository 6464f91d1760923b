from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import make_user
from tandem.workspaces import services
from tandem.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def test_it_creates_a_workspace_with_its_creator_as_owner(client_for):
    user = make_user("new@example.com", "Newcomer")
    response = client_for(user).post(
        reverse("workspaces:create"),
        {"name": "Fjord Bakery", "currency": "NOK", "week_start": "0", "response_time_hours": "8"},
    )
    workspace = Workspace.objects.get(name="Fjord Bakery")
    assert response["Location"] == reverse("workspaces:members", kwargs={"ws": "fjord-bakery"})
    assert workspace.currency == "NOK"
    assert Membership.objects.get(workspace=workspace).role == Role.OWNER


def test_it_explains_a_bad_form_with_400_and_keeps_the_key_free(client_for):
    http = client_for(make_user("new@example.com", "Newcomer"))
    data = {"name": "", "currency": "NOK", "week_start": "0", "response_time_hours": "8"}
    response = http.post(reverse("workspaces:create"), data | {"form_key": "k1"})
    assert response.status_code == 400
    assert not Workspace.objects.exists()
    again = http.post(reverse("workspaces:create"), data | {"name": "Fjord", "form_key": "k1"})
    assert again.status_code == 302
    assert Workspace.objects.get().name == "Fjord"


@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_submissions_of_one_form_make_one_workspace():
    # Real threads, each with its own database connection, sent at the same moment. On SQLite
    # the claims queue up behind the write lock; on PostgreSQL they race for the unique key.
    user = make_user("race@example.com", "Race")
    data = {
        "name": "Fjord Bakery",
        "currency": "NOK",
        "week_start": "0",
        "response_time_hours": "8",
        "form_key": "one-key",
    }
    clients = []
    for _ in range(4):
        http = Client()
        http.force_login(user)
        clients.append(http)
    ready = threading.Barrier(4)

    def submit(http: Client):
        try:
            ready.wait(5)
            return http.post(reverse("workspaces:create"), data)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(submit, clients))
    assert Workspace.objects.filter(name="Fjord Bakery").count() == 1
    assert [r.status_code for r in responses] == [302] * 4
    assert {r["Location"] for r in responses} == {"/w/fjord-bakery/members/"}


def test_it_gives_a_second_workspace_of_the_same_name_its_own_address(db):
    user = make_user("twin@example.com", "Twin")
    first = services.workspace_create(actor=user, name="Acme")
    second = services.workspace_create(actor=user, name="Acme")
    assert first.slug == "acme"
    assert second.slug.startswith("acme-") and second.slug != first.slug


def test_it_explains_bad_settings_and_keeps_them_unsaved(owner, client_for):
    url = reverse("workspaces:settings", kwargs={"ws": "alice"})
    response = client_for(owner).post(
        url, {"name": "", "currency": "XXX", "week_start": "0", "response_time_hours": "0"}
    )
    assert response.status_code == 200
    assert response.content.count(b'class="errorlist') >= 3
    owner.workspace.refresh_from_db()
    assert owner.workspace.name == "Alice Consulting"


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "The workspace's address"), ("nb", "Arbeidsområdets adresse")],
)
def test_the_settings_page_shows_the_workspaces_address(owner, client_for, language, label):
    owner.user.language = language
    owner.user.save(update_fields=["language"])
    page = client_for(owner).get(reverse("workspaces:settings", kwargs={"ws": "alice"}))
    text = page.content.decode()
    assert f"{label}: http://testserver/w/alice/</p>" in text.replace("&#x27;", "'")
    assert "/w/alice/settings/</p>" not in text


def test_it_saves_settings(owner, client_for):
    url = reverse("workspaces:settings", kwargs={"ws": "alice"})
    client_for(owner).post(
        url,
        {"name": "Alice & Co", "currency": "EUR", "week_start": "6", "response_time_hours": "4"},
    )
    owner.workspace.refresh_from_db()
    assert (owner.workspace.name, owner.workspace.week_start) == ("Alice & Co", 6)
    assert owner.workspace.response_time_hours == 4


def test_it_lists_every_workspace_of_a_person_for_switching(owner, outsider, client_for):
    invitation = services.invitation_create(
        actor=outsider, email=owner.user.email, role=Role.MANAGER, language="en"
    )
    services.invitation_accept(user=owner.user, invitation=invitation)
    page = client_for(owner).get("/w/alice/")
    assert b"Alice Consulting" in page.content and b"Olaf Trading" in page.content


def test_it_sends_home_to_the_last_workspace(owner, outsider, client_for):
    invitation = services.invitation_create(
        actor=outsider, email=owner.user.email, role=Role.MANAGER, language="en"
    )
    services.invitation_accept(user=owner.user, invitation=invitation)
    http = client_for(owner)
    assert http.get("/")["Location"] == reverse("workspaces:list")
    http.get("/w/olaf/")
    assert http.get("/")["Location"] == "/w/olaf/"


def test_it_shows_an_empty_state_to_someone_without_workspaces(client_for):
    page = client_for(make_user("solo@example.com", "Solo")).get(reverse("workspaces:list"))
    assert b"You are not in any workspace yet" in page.content


def test_a_second_submission_of_the_same_form_creates_no_second_workspace(client_for):
    http = client_for(make_user("twice@example.com", "Twice"))
    data = {
        "name": "Fjord Bakery",
        "currency": "NOK",
        "week_start": "0",
        "response_time_hours": "8",
        "form_key": "one-key",
    }
    first = http.post(reverse("workspaces:create"), data)
    second = http.post(reverse("workspaces:create"), data)
    assert first["Location"] == second["Location"] == "/w/fjord-bakery/members/"
    assert Workspace.objects.filter(name="Fjord Bakery").count() == 1
    # A new form (a new key) makes another workspace, as intended.
    http.post(reverse("workspaces:create"), data | {"form_key": "another-key"})
    assert Workspace.objects.filter(name="Fjord Bakery").count() == 2


def test_the_settings_keep_the_language_of_the_work(client_for, owner):
    url = reverse("workspaces:settings", kwargs={"ws": "alice"})
    fields = {"name": "Alice", "currency": "EUR", "week_start": "0", "response_time_hours": "4"}
    client_for(owner).post(url, {**fields, "language": "nb"})
    owner.workspace.refresh_from_db()
    assert owner.workspace.language == "nb"
    client_for(owner).post(url, fields)  # a form without it changes nothing
    owner.workspace.refresh_from_db()
    assert owner.workspace.language == "nb"
