"""The home page of each role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

HOME = reverse("insights:home", kwargs={"ws": "alice"})


def test_smoke(owner, manager, assistant, partner, client_for):
    make_task(owner, assistant, title="Brief")
    for who in (owner, manager, partner):
        response = client_for(who).get(HOME)
        assert response.status_code == 200, who.role
        print(response.content.decode()[-6000:])
    response = client_for(assistant).get(HOME)
    assert response.status_code == 302
