"""The workspace setting that lets assistants post in the town hall."""

from __future__ import annotations

from django.urls import reverse

from tandem.workspaces.models import Workspace

SETTINGS = {
    "name": "Alice Consulting",
    "currency": "USD",
    "week_start": 0,
    "response_time_hours": 24,
}


def settings_url():
    return reverse("workspaces:settings", kwargs={"ws": "alice"})


def new_url():
    return reverse("rhythm:announcement_new", kwargs={"ws": "alice"})


def test_it_shows_the_setting_to_the_owner(owner, client_for):
    page = client_for(owner).get(settings_url()).content.decode()
    assert 'name="assistants_can_announce"' in page
    assert "assistants may post in the town hall" in page.lower()


def test_it_lets_the_owner_allow_and_forbid_assistants_to_post(owner, assistant, client_for):
    http = client_for(assistant)
    assert http.get(new_url()).status_code == 403

    response = client_for(owner).post(settings_url(), SETTINGS | {"assistants_can_announce": "on"})
    assert response.status_code == 302
    assert Workspace.objects.get(slug="alice").assistants_can_announce is True
    assert http.get(new_url()).status_code == 200
    assert (
        new_url().encode()
        in http.get(reverse("rhythm:announcements", kwargs={"ws": "alice"})).content
    )

    # An unchecked box posts nothing: the setting goes back off.
    client_for(owner).post(settings_url(), SETTINGS)
    assert Workspace.objects.get(slug="alice").assistants_can_announce is False
    assert http.get(new_url()).status_code == 403


def test_it_keeps_the_setting_away_from_everyone_but_the_owner(
    owner, manager, assistant, client_for
):
    for member in (manager, assistant):
        response = client_for(member).post(
            settings_url(), SETTINGS | {"assistants_can_announce": "on"}
        )
        assert response.status_code == 403
    assert Workspace.objects.get(slug="alice").assistants_can_announce is False
