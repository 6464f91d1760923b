"""The header on every workspace page: the navigation grouped per role, the current page marked
on its link and its group, settings under the workspace menu, and the keyboard shortcuts'
addresses, each only for the roles that may use them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_of(html: str) -> str:
    match = re.search(r'<nav class="workspace-nav".*?</nav>', html, re.S)
    assert match, html[:500]
    return match.group(0)


def groups_of(nav: str) -> dict[str, list[str]]:
    """Each group's name and the names of its links."""
    groups = {}
    for summary, panel in re.findall(r"<summary[^>]*>(.*?)</summary>(.*?)</details>", nav, re.S):
        groups[summary] = re.findall(r"<a [^>]*>(.*?)</a>", panel)
    return groups


def direct_links(nav: str) -> list[str]:
    without_groups = re.sub(r"<details.*?</details>", "", nav, flags=re.S)
    return re.findall(r"<a [^>]*>(.*?)</a>", without_groups)


def page(client_for, member, name: str = "insights:home") -> str:
    # An assistant's home is My day: the home address takes them there.
    response = client_for(member).get(reverse(name, kwargs={"ws": "alice"}), follow=True)
    return response.content.decode()


def test_it_groups_an_owners_navigation(owner, client_for):
    nav = nav_of(page(client_for, owner))
    assert direct_links(nav) == ["Overview", "Needs attention"]
    assert groups_of(nav) == {
        "Work": ["Board", "Tasks", "Calendar", "Recurring"],
        "Rhythm": ["Check-ins", "Meetings", "Town hall"],
        "Plan": ["What to delegate", "Task audit", "Delegation plan", "Readiness"],
        "Team": ["People", "Roles", "Continuity"],
    }
    assert "Settings" not in nav


def test_it_gives_a_manager_the_owners_groups_without_settings(manager, client_for):
    html = page(client_for, manager)
    nav = nav_of(html)
    assert direct_links(nav) == ["Overview", "Needs attention"]
    assert list(groups_of(nav)) == ["Work", "Rhythm", "Plan", "Team"]
    assert reverse("workspaces:settings", kwargs={"ws": "alice"}) not in html


def test_it_gives_an_assistant_what_they_may_use(assistant, client_for):
    nav = nav_of(page(client_for, assistant))
    assert direct_links(nav) == ["My day", "My roles", "Team"]  # My day is their home: one entry
    assert groups_of(nav) == {
        "Work": ["Board", "Tasks", "Calendar"],
        "Rhythm": ["Check-ins", "Meetings", "Town hall"],
    }


def test_it_gives_a_partner_no_work_and_no_rhythm_group(partner, client_for):
    nav = nav_of(page(client_for, partner))
    assert direct_links(nav) == ["Overview", "Town hall"]
    assert groups_of(nav) == {"Team": ["People", "Roles", "Continuity"]}
    assert reverse("work:board", kwargs={"ws": "alice"}) not in nav


def test_it_marks_the_current_page_and_its_group(owner, client_for):
    nav = nav_of(page(client_for, owner, "work:board"))
    assert re.findall(r'<summary aria-current="true">(\w+)</summary>', nav) == ["Work"]
    assert re.findall(r'<a [^>]*aria-current="page">(.*?)</a>', nav) == ["Board"]
    nav = nav_of(page(client_for, owner, "workspaces:members"))
    assert re.findall(r'<summary aria-current="true">(\w+)</summary>', nav) == ["Team"]
    assert re.findall(r'<a [^>]*aria-current="page">(.*?)</a>', nav) == ["People"]
    nav = nav_of(page(client_for, owner))
    assert 'aria-current="true"' not in nav
    assert re.findall(r'<a [^>]*aria-current="page">(.*?)</a>', nav) == ["Overview"]


def test_it_puts_settings_under_the_workspace_menu_for_the_owner(owner, client_for):
    settings_url = reverse("workspaces:settings", kwargs={"ws": "alice"})
    html = page(client_for, owner, "workspaces:settings")
    switcher = re.search(r'<details class="menu switcher">.*?</details>', html, re.S)
    assert switcher
    assert f'<a role="menuitem" href="{settings_url}" aria-current="page">' in switcher.group(0)
    assert "Workspace settings" in switcher.group(0)
    assert '<summary aria-current="true">Alice Consulting</summary>' in switcher.group(0)


def test_it_names_the_workspace_in_the_phone_menu(owner, client_for):
    html = page(client_for, owner)
    assert '<p class="nav-workspace">Alice Consulting</p>' in nav_of(html)
    assert 'aria-controls="workspace-nav"' in html
    assert 'aria-expanded="false"' in html


def test_it_gives_the_shortcuts_only_the_addresses_a_role_may_use(
    owner, assistant, partner, client_for
):
    def dialog(member) -> str:
        match = re.search(r'<dialog class="shortcuts".*?</dialog>', page(client_for, member), re.S)
        assert match
        return match.group(0)

    ws = {"ws": "alice"}
    for_owner = dialog(owner)
    assert f'data-new-task="{reverse("work:task_new", kwargs=ws)}"' in for_owner
    assert f'data-day="{reverse("insights:attention", kwargs=ws)}"' in for_owner
    assert f'data-board="{reverse("work:board", kwargs=ws)}"' in for_owner
    for_assistant = dialog(assistant)
    assert "data-new-task" not in for_assistant
    assert f'data-day="{reverse("insights:my_day", kwargs=ws)}"' in for_assistant
    assert f'data-list="{reverse("work:list", kwargs=ws)}"' in for_assistant
    for_partner = dialog(partner)
    assert "data-new-task" not in for_partner
    assert "data-day" not in for_partner
    assert "data-board" not in for_partner


def test_it_shows_no_workspace_navigation_outside_a_workspace(owner, client_for):
    html = client_for(owner).get(reverse("workspaces:list")).content.decode()
    assert "workspace-nav" not in html
    assert '<dialog class="shortcuts"' not in html
