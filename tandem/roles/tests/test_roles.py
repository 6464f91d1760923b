"""Roles: the services, the selectors hiring and continuity read, and the pages."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import add_member, make_user
from tandem.roles.models import AssistantRole, RoleAssignment
from tandem.roles.selectors.roles import (
    role_areas_of,
    roles_for_member,
    skills_of_members,
)
from tandem.roles.services.duties import duty_create
from tandem.roles.services.roles import role_archive, role_assign, role_create, role_update
from tandem.work.models import RecurringTask
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def make_role(owner, title="Bookkeeping", **fields) -> AssistantRole:
    return role_create(actor=owner, title=title, **fields)


def page(name: str, **kwargs: str) -> str:
    return reverse(f"roles:{name}", kwargs={"ws": "alice", **kwargs})


# Services


def test_it_normalises_skills_and_priorities(owner):
    role = make_role(
        owner,
        title="  Bookkeeping ",
        skills=[" Xero", "bookkeeping ", "XERO", "", "Social   Media"],
        priorities="  Reconcile daily\n\n Chase invoices  \n",
        area="  Finance ",
    )
    assert role.title == "Bookkeeping"
    assert role.skills == ["xero", "bookkeeping", "social media"]
    assert role.priorities == "Reconcile daily\nChase invoices"
    assert role.area == "Finance"
    assert role.created_by == owner


def test_it_refuses_a_role_without_a_title_or_with_long_skills(owner):
    with pytest.raises(ValidationError):
        make_role(owner, title=" ")
    with pytest.raises(ValidationError):
        make_role(owner, skills=["x" * 41])
    assert not AssistantRole.objects.exists()


def test_only_delegators_create_and_change_roles(owner, manager, assistant, partner):
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            make_role(who)
    role = make_role(manager)
    with pytest.raises(PermissionDenied):
        role_update(actor=assistant, role=role, title="Mine")
    role_update(actor=owner, role=role, title="Accounts", skills=["Excel"])
    role.refresh_from_db()
    assert (role.title, role.skills) == ("Accounts", ["excel"])


def test_it_gives_roles_only_to_assistants_and_managers_once(owner, assistant, partner, outsider):
    role = make_role(owner)
    role_assign(actor=owner, role=role, member=assistant)
    with pytest.raises(ValidationError):
        role_assign(actor=owner, role=role, member=assistant)
    for who in (partner, owner, outsider):
        with pytest.raises(ValidationError):
            role_assign(actor=owner, role=role, member=who)
    assert RoleAssignment.objects.count() == 1


def test_an_assistant_can_hold_several_roles(owner, assistant):
    role_assign(actor=owner, role=make_role(owner), member=assistant)
    role_assign(actor=owner, role=make_role(owner, "Social media"), member=assistant)
    assert [r.title for r in roles_for_member(assistant)] == ["Bookkeeping", "Social media"]


# Selectors


def test_skills_of_members_are_those_of_the_roles_they_hold(owner, assistant, manager):
    books = make_role(owner, skills=["Xero", "invoicing"])
    social = make_role(owner, "Social media", skills=["canva"])
    role_assign(actor=owner, role=books, member=assistant)
    role_assign(actor=owner, role=social, member=assistant)
    role_assign(actor=owner, role=social, member=manager)
    archived = make_role(owner, "Old", skills=["fax"])
    role_assign(actor=owner, role=archived, member=manager)
    role_archive(actor=owner, role=archived)
    found = skills_of_members(owner.workspace, [assistant.pk, manager.pk, owner.pk])
    assert found == {
        assistant.pk: {"xero", "invoicing", "canva"},
        manager.pk: {"canva"},
        owner.pk: set(),
    }


def test_role_areas_are_distinct_and_case_insensitive(owner, assistant):
    for title, area in [("A", "Finance"), ("B", "finance "), ("C", "Marketing"), ("D", "")]:
        role_assign(actor=owner, role=make_role(owner, title, area=area), member=assistant)
    assert role_areas_of(owner.workspace, [assistant.pk]) == {
        assistant.pk: ["Finance", "Marketing"]
    }


def test_who_sees_which_roles(owner, manager, assistant, partner, workspace):
    other = add_member(workspace, make_user("ben@example.com", "Ben", "UTC"), Role.ASSISTANT)
    assistant.partner = partner
    assistant.save(update_fields=["partner"])
    books, social = make_role(owner), make_role(owner, "Social media")
    role_assign(actor=owner, role=books, member=assistant)
    role_assign(actor=owner, role=social, member=other)
    assert set(roles_for_member(owner)) == set(roles_for_member(manager)) == {books, social}
    assert list(roles_for_member(assistant)) == [books]
    assert list(roles_for_member(other)) == [social]
    assert list(roles_for_member(partner)) == [books]


# Pages


def test_it_explains_roles_when_there_are_none(owner, assistant, client_for):
    html = client_for(owner).get(page("roles")).content.decode()
    assert "No roles yet" in html and "to do everything" in html
    html = client_for(assistant).get(page("roles")).content.decode()
    assert "You hold no role yet" in html
    assert page("role_new") not in html


def test_it_creates_a_role_from_the_form(owner, client_for):
    http = client_for(owner)
    assert http.get(page("role_new")).status_code == 200
    response = http.post(
        page("role_new"),
        {
            "title": "Bookkeeping",
            "summary": "Keeps the books.",
            "priorities": "Reconcile\nInvoices",
            "skills": "Bookkeeping, Xero , invoicing",
            "area": "Finance",
            "form_key": "new-role",
        },
    )
    role = AssistantRole.objects.get()
    assert response.status_code == 302 and response["Location"] == role.get_absolute_url()
    assert role.skills == ["bookkeeping", "xero", "invoicing"]
    html = http.get(role.get_absolute_url()).content.decode()
    assert '<ol class="role-priorities"><li>Reconcile</li><li>Invoices</li></ol>' in html
    # The next form suggests the skills already used.
    assert '<option value="xero">' in http.get(page("role_new")).content.decode()


def test_it_keeps_the_input_and_explains_errors(owner, client_for):
    response = client_for(owner).post(page("role_new"), {"title": "", "summary": "Kept"})
    assert response.status_code == 400
    assert "Kept" in response.content.decode()
    assert not AssistantRole.objects.exists()


def test_it_edits_a_role(owner, client_for):
    role = make_role(owner)
    path = page("role_edit", code=role.code)
    assert "Bookkeeping" in client_for(owner).get(path).content.decode()
    client_for(owner).post(path, {"title": "Accounts", "skills": "Excel", "form_key": "e"})
    role.refresh_from_db()
    assert (role.title, role.skills) == ("Accounts", ["excel"])


def test_it_adds_edits_and_deletes_a_duty_from_the_pages(owner, assistant, client_for):
    role = make_role(owner)
    role_assign(actor=owner, role=role, member=assistant)
    http = client_for(owner)
    new = page("duty_new", code=role.code)
    assert http.get(new).status_code == 200
    data = {
        "title": "Send invoice reminders",
        "cadence": "weekly",
        "weekdays": ["4"],
        "due_time": "16:00",
        "estimate_minutes": "45",
        "sop_url": "https://docs.example.com/reminders",
        "form_key": "duty-1",
    }
    assert http.post(new, data).status_code == 302
    duty = role.duties.get()
    assert (duty.weekdays, duty.estimate_minutes) == ([4], 45)
    assert RecurringTask.objects.get().title == "Send invoice reminders"
    html = http.get(role.get_absolute_url()).content.decode()
    assert "Every week on Friday" in html and "45 minutes" in html
    edit = page("duty_edit", code=role.code, duty=duty.code)
    assert "Send invoice reminders" in http.get(edit).content.decode()
    http.post(edit, data | {"cadence": "monthly", "day_of_month": "3", "form_key": "duty-2"})
    duty.refresh_from_db()
    assert (duty.cadence, duty.weekdays, duty.day_of_month) == ("monthly", [], 3)
    assert RecurringTask.objects.get().day_of_month == 3
    delete = page("duty_delete", code=role.code, duty=duty.code)
    http.post(delete, {"form_key": "duty-3"})  # no confirmation: asks, changes nothing
    assert role.duties.exists()
    http.post(delete, {"form_key": "duty-4", "confirmed": "1"})
    assert not role.duties.exists() and not RecurringTask.objects.exists()


def test_a_weekly_duty_without_days_is_explained(owner, client_for):
    role = make_role(owner)
    response = client_for(owner).post(
        page("duty_new", code=role.code),
        {"title": "Report", "cadence": "weekly", "due_time": "16:00"},
    )
    assert response.status_code == 400
    assert "Choose at least one day of the week." in response.content.decode()


def test_it_assigns_and_takes_back_a_role_on_its_page(owner, assistant, client_for):
    role = make_role(owner)
    duty_create(actor=owner, role=role, title="Reconcile", cadence="daily", due_time=time(11))
    http = client_for(owner)
    assert assistant.user.display_name in http.get(role.get_absolute_url()).content.decode()
    http.post(page("role_assign", code=role.code), {"member": assistant.pk, "form_key": "a"})
    assert RoleAssignment.objects.filter(member=assistant, ended_at__isnull=True).exists()
    assert RecurringTask.objects.filter(assignee=assistant).count() == 1
    unassign = page("role_unassign", code=role.code)
    http.post(unassign, {"member": assistant.code, "form_key": "u", "confirmed": "1"})
    assert not RoleAssignment.objects.filter(ended_at__isnull=True).exists()
    assert not RecurringTask.objects.exists()


def test_a_refused_assignment_goes_back_to_the_role_page(owner, client_for):
    role = make_role(owner)
    http = client_for(owner)
    response = http.post(page("role_assign", code=role.code), {"member": "", "form_key": "a"})
    assert response.status_code == 303 and response["Location"] == role.get_absolute_url()
    html = http.get(role.get_absolute_url()).content.decode()
    assert "This field is required." in html
    assert not RoleAssignment.objects.exists()


def test_it_archives_a_role_after_asking(owner, assistant, client_for):
    role = make_role(owner)
    role_assign(actor=owner, role=role, member=assistant)
    http = client_for(owner)
    archive = page("role_archive", code=role.code)
    assert http.post(archive, {"form_key": "x"}).status_code == 200  # the question
    role.refresh_from_db()
    assert role.archived_at is None
    http.post(archive, {"form_key": "y", "confirmed": "1"})
    role.refresh_from_db()
    assert role.archived_at is not None
    listing = http.get(page("roles")).content.decode()
    assert f'id="role-{role.code}"' not in listing
    assert "Archived roles" in listing and role.get_absolute_url() in listing
    html = http.get(role.get_absolute_url()).content.decode()
    assert "Archived" in html and page("role_edit", code=role.code) not in html
    # An assistant who held it no longer finds it.
    assert client_for(assistant).get(role.get_absolute_url()).status_code == 404


def test_the_list_shows_holders_duties_and_weekly_hours(owner, assistant, client_for):
    role = make_role(owner, area="Finance")
    role_assign(actor=owner, role=role, member=assistant)
    for cadence, extra, minutes in [
        ("daily", {}, 20),  # 100 a week
        ("weekly", {"weekdays": [0, 3]}, 40),  # 80 a week
    ]:
        duty_create(
            actor=owner,
            role=role,
            title=cadence,
            cadence=cadence,
            due_time=time(9),
            estimate_minutes=minutes,
            **extra,
        )
    html = client_for(owner).get(page("roles")).content.decode()
    assert "Ana Assistant" in html
    assert "3.0 h" in html
    assert ">2</div>" in html


def test_a_partner_sees_titles_and_holders_but_no_duties(owner, assistant, partner, client_for):
    assistant.partner = partner
    assistant.save(update_fields=["partner"])
    role = make_role(owner, summary="Secret summary", priorities="Secret priority")
    role_assign(actor=owner, role=role, member=assistant)
    duty_create(actor=owner, role=role, title="Secret duty", cadence="daily", due_time=time(9))
    http = client_for(partner)
    listing = http.get(page("roles")).content.decode()
    assert "Bookkeeping" in listing and "Ana Assistant" in listing
    html = http.get(role.get_absolute_url()).content.decode()
    assert "Bookkeeping" in html and "Ana Assistant" in html
    for secret in ("Secret summary", "Secret priority", "Secret duty"):
        assert secret not in html and secret not in listing


def test_an_assistant_reads_their_role_without_editing(owner, assistant, client_for):
    role = make_role(owner, priorities="First things first")
    role_assign(actor=owner, role=role, member=assistant)
    duty_create(actor=owner, role=role, title="Reconcile", cadence="daily", due_time=time(9))
    html = client_for(assistant).get(role.get_absolute_url()).content.decode()
    assert "First things first" in html and "Reconcile" in html
    assert page("role_edit", code=role.code) not in html
    assert page("duty_new", code=role.code) not in html
    assert "My roles" in client_for(assistant).get(page("roles")).content.decode()


def _fill(owner, workspace, count: int) -> None:
    for n in range(count):
        role = make_role(owner, f"Role {n}", skills=["a", "b"], area=f"Area {n}")
        for m in range(2 if count < 5 else 4):
            holder = add_member(
                workspace, make_user(f"h{n}-{m}@example.com", f"H {n} {m}", "UTC"), Role.ASSISTANT
            )
            role_assign(actor=owner, role=role, member=holder)
        for m in range(count):
            duty_create(
                actor=owner,
                role=role,
                title=f"Duty {m}",
                cadence="weekly",
                weekdays=[m % 7],
                due_time=time(9),
                estimate_minutes=15,
            )


def test_the_lists_queries_do_not_grow_with_its_rows(
    owner, workspace, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    http = client_for(owner)
    _fill(owner, workspace, 2)
    http.get(page("roles"))  # the session learns the workspace: not counted
    with django_assert_max_num_queries(40) as few:
        assert http.get(page("roles")).status_code == 200
    for n in range(2, 20):
        role = make_role(owner, f"More {n}")
        duty_create(actor=owner, role=role, title="D", cadence="daily", due_time=time(9))
        holder = add_member(
            workspace, make_user(f"m{n}@example.com", f"M {n}", "UTC"), Role.ASSISTANT
        )
        role_assign(actor=owner, role=role, member=holder)
    with django_assert_num_queries(len(few.captured_queries)):
        assert http.get(page("roles")).status_code == 200


def test_the_role_pages_queries_do_not_grow_with_duties_and_holders(
    owner, workspace, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    http = client_for(owner)
    role = make_role(owner)
    for m in range(2):
        duty_create(actor=owner, role=role, title=f"D{m}", cadence="daily", due_time=time(9))
        holder = add_member(
            workspace, make_user(f"p{m}@example.com", f"P {m}", "UTC"), Role.ASSISTANT
        )
        role_assign(actor=owner, role=role, member=holder)
    http.get(role.get_absolute_url())  # the session learns the workspace: not counted
    with django_assert_max_num_queries(40) as few:
        assert http.get(role.get_absolute_url()).status_code == 200
    for m in range(2, 20):
        duty_create(
            actor=owner,
            role=role,
            title=f"D{m}",
            cadence="monthly",
            day_of_month=m,
            due_time=time(9),
            estimate_minutes=30,
        )
        holder = add_member(
            workspace, make_user(f"p{m}@example.com", f"P {m}", "UTC"), Role.ASSISTANT
        )
        role_assign(actor=owner, role=role, member=holder)
    with django_assert_num_queries(len(few.captured_queries)):
        assert http.get(role.get_absolute_url()).status_code == 200
