"""The demo town hall: an important update one assistant has acknowledged and one has not."""

from __future__ import annotations

import pytest

from conftest import add_member, make_user
from tandem.rhythm.demo.announcements import create_announcements_demo
from tandem.rhythm.models import Announcement, AnnouncementReply
from tandem.rhythm.selectors.announcements import announcement_record, announcements_for_member
from tandem.workspaces import services
from tandem.workspaces.models import Membership, Role


@pytest.fixture
def people(db) -> dict[str, Membership]:
    owner = make_user("owner@demo.test", "Olivia Hansen")
    workspace = services.workspace_create(actor=owner, name="Northwind", slug="northwind")
    people = {"owner@demo.test": workspace.memberships.get()}
    for email, name, role in [
        ("manager@demo.test", "Marco Bianchi", Role.MANAGER),
        ("ana@demo.test", "Ana Santos", Role.ASSISTANT),
        ("lukas@demo.test", "Lukas Petrauskas", Role.ASSISTANT),
        ("partner@demo.test", "Grace Villanueva", Role.PARTNER),
    ]:
        people[email] = add_member(workspace, make_user(email, name), role)
    return people


def test_it_makes_an_update_ana_acknowledged_and_lukas_has_not_seen(people):
    workspace = people["owner@demo.test"].workspace
    create_announcements_demo(workspace, people)
    create_announcements_demo(workspace, people)  # a second run changes nothing

    assert Announcement.objects.filter(workspace=workspace).count() == 2
    important = Announcement.objects.get(important=True)
    assert important.author == people["owner@demo.test"]
    record = announcement_record(important)
    assert [row.member for row in record.not_seen] == [people["lukas@demo.test"]]
    acked = {row.member.user.email for row in record.rows if row.acknowledged_at}
    assert "ana@demo.test" in acked
    assert "lukas@demo.test" not in acked
    pending = {
        a.pk for a in announcements_for_member(people["lukas@demo.test"]) if a.my_ack_pending
    }
    assert pending == {important.pk}
    assert not any(a.my_ack_pending for a in announcements_for_member(people["ana@demo.test"]))

    ordinary = Announcement.objects.get(important=False)
    assert AnnouncementReply.objects.filter(announcement=ordinary).count() == 1
