"""The calendar feed page: the secret address, and resetting it."""

from __future__ import annotations

from django.urls import reverse

from tandem.rhythm.models import CalendarFeed


def feed_path(token: str) -> str:
    return reverse("insights:calendar_feed", kwargs={"token": token})


def test_it_shows_the_secret_address(owner, client_for):
    response = client_for(owner).get(reverse("insights:calendar"))

    assert response.status_code == 200
    token = CalendarFeed.objects.get(user=owner.user).token
    assert f'value="http://testserver{feed_path(token)}"' in response.text
    assert f'href="webcal://testserver{feed_path(token)}"' in response.text
    assert "the deadlines of your open tasks" in response.text
    assert "your own outages" in response.text
    # The same address on every visit, until it is reset.
    client_for(owner).get(reverse("insights:calendar"))
    assert CalendarFeed.objects.get(user=owner.user).token == token


def test_the_user_menu_links_to_it(owner, client_for):
    response = client_for(owner).get(reverse("insights:home", kwargs={"ws": "alice"}))
    assert f'href="{reverse("insights:calendar")}">Calendar feed</a>' in response.text


def test_resetting_makes_the_old_address_stop_working(owner, client, client_for):
    browser = client_for(owner)
    browser.get(reverse("insights:calendar"))
    old = CalendarFeed.objects.get(user=owner.user).token
    assert client.get(feed_path(old)).status_code == 200

    response = browser.post(reverse("insights:calendar_reset"))

    assert response.status_code == 302
    assert response["Location"] == reverse("insights:calendar")
    new = CalendarFeed.objects.get(user=owner.user).token
    assert new != old
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    page = browser.get(reverse("insights:calendar"))
    assert feed_path(new) in page.text and feed_path(old) not in page.text
    assert "The old one no longer works" in page.text


def test_reset_is_a_post_and_a_get_goes_to_the_page(owner, client_for):
    response = client_for(owner).get(reverse("insights:calendar_reset"))
    assert response.status_code == 303
    assert response["Location"] == reverse("insights:calendar")


def test_it_needs_a_signed_in_person(client):
    for name in ("insights:calendar", "insights:calendar_reset"):
        method = client.get if name == "insights:calendar" else client.post
        response = method(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_feed_needs_no_sign_in_but_the_token(client, owner, client_for):
    client_for(owner).get(reverse("insights:calendar"))
    token = CalendarFeed.objects.get(user=owner.user).token
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]


def test_calendar_applications_may_ask_with_head(client, owner, client_for):
    client_for(owner).get(reverse("insights:calendar"))
    token = CalendarFeed.objects.get(user=owner.user).token
    assert client.head(feed_path(token)).status_code == 200
