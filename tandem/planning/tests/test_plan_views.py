"""The plan's pages: the list in order with what each needs, the "Plan it" prefill from the
analysis, moves with and without htmx, status steps with the one-at-a-time warning, linking
work, and the query counts of both pages."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.planning.services import plan as services
from tandem.roles.models import AssistantRole, RoleAssignment
from tandem.work.models import Task, TimeEntry
from tandem.work.services import recurring as recurring_services
from tandem.work.services import tasks as task_services

pytestmark = pytest.mark.django_db
Status = ResponsibilityStatus


def brief(title: str) -> task_services.Brief:
    return task_services.Brief(
        title=title,
        outcome="",
        deliverable="",
        acceptance_criteria="",
        due_date=None,
        due_time=None,
        estimate_minutes=None,
        resources="",
        priority=2,
    )


def make(owner, title="Bookkeeping", **fields) -> Responsibility:
    return services.responsibility_create(
        actor=owner, fields=services.Fields(title=title, **fields)
    )


def plan_page(owner) -> str:
    return reverse("planning:plan", kwargs={"ws": owner.workspace.slug})


def action(owner, name: str, responsibility: Responsibility) -> str:
    return reverse(
        f"planning:{name}", kwargs={"ws": owner.workspace.slug, "code": responsibility.code}
    )


def test_the_plan_lists_responsibilities_in_order_with_what_they_need(owner, assistant, client_for):
    make(owner, "Inbox triage", assistant=assistant, instructions="Steps")
    make(owner, "Travel booking", assistant=assistant)
    page = client_for(owner).get(plan_page(owner)).content.decode()
    assert page.index("Inbox triage") < page.index("Travel booking")
    assert "Ready to hand over next" in page
    assert "No instructions yet" in page
    assert "Add the instructions" in page


def test_the_empty_plan_says_where_to_start(owner, client_for):
    page = client_for(owner).get(plan_page(owner)).content.decode()
    assert "No responsibilities in the plan yet" in page


def test_the_plan_it_link_fills_in_the_candidate(owner, client_for):
    http = client_for(owner)
    address = reverse("planning:responsibility_new", kwargs={"ws": owner.workspace.slug})
    query = "?title=Client+invoicing&candidate=client+invoicing&minutes=240"
    page = http.get(address + query).content.decode()
    assert 'value="Client invoicing"' in page
    assert 'name="candidate_key" value="client invoicing"' in page
    assert 'name="audit_minutes_per_week" value="240"' in page
    response = http.post(
        address,
        {
            "title": "Client invoicing",
            "candidate_key": "client invoicing",
            "audit_minutes_per_week": "240",
        },
    )
    assert response.status_code == 302
    responsibility = Responsibility.objects.get(workspace=owner.workspace)
    assert responsibility.candidate_key == "client invoicing"
    assert responsibility.audit_minutes_per_week == 240
    assert responsibility.created_by == owner
    assert "240 minutes a week" in http.get(responsibility.get_absolute_url()).content.decode()


def test_a_bad_prefill_is_left_out(owner, client_for):
    address = reverse("planning:responsibility_new", kwargs={"ws": owner.workspace.slug})
    page = client_for(owner).get(address + "?minutes=lots").content.decode()
    assert 'value="lots"' not in page


def test_a_form_with_errors_is_shown_again(owner, client_for):
    address = reverse("planning:responsibility_new", kwargs={"ws": owner.workspace.slug})
    response = client_for(owner).post(address, {"title": "", "sop_url": "not a link"})
    assert response.status_code == 400
    assert not Responsibility.objects.exists()


def test_it_edits_a_responsibility(owner, assistant, client_for):
    responsibility = make(owner)
    response = client_for(owner).post(
        action(owner, "responsibility_edit", responsibility),
        {"title": "Bookkeeping, monthly", "assistant": assistant.pk, "skill": "  Xero  "},
    )
    assert response.status_code == 302
    responsibility.refresh_from_db()
    assert responsibility.title == "Bookkeeping, monthly"
    assert responsibility.assistant == assistant
    assert responsibility.skill == "Xero"


def test_a_move_without_javascript_goes_back_to_the_plan(owner, client_for):
    first, second = make(owner, "A"), make(owner, "B")
    response = client_for(owner).post(
        action(owner, "responsibility_move", second), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#r-{second.code}")
    first.refresh_from_db()
    assert first.position == 1


def test_a_move_with_htmx_answers_with_the_list(owner, client_for):
    make(owner, "A")
    second = make(owner, "B")
    response = client_for(owner).post(
        action(owner, "responsibility_move", second), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="plan-list"')
    assert html.index(">B<") < html.index(">A<")
    # The buttons keep their ids, so the focus stays on the one pressed.
    assert f'id="up-{second.code}"' in html


def test_a_second_handover_at_once_is_warned_of(owner, assistant, client_for):
    first = make(owner, "A", assistant=assistant)
    second = make(owner, "B", assistant=assistant)
    http = client_for(owner)
    data = {"direction": "forward", "current": "planned"}
    response = http.post(action(owner, "responsibility_status", first), data)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    response = http.post(action(owner, "responsibility_status", second), data)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("One at a time" in text and "“A”" in text for text in texts)
    second.refresh_from_db()
    assert second.status == Status.BRIEFED
    page = http.get(plan_page(owner)).content.decode()
    assert "responsibilities at once" in page
    third = make(owner, "C", assistant=assistant)
    page = http.get(third.get_absolute_url()).content.decode()
    assert "is already being handed over A, B. One at a time works better" in page


def test_a_status_step_goes_back_where_it_was_asked(owner, client_for):
    responsibility = make(owner)
    response = client_for(owner).post(
        action(owner, "responsibility_status", responsibility),
        {"direction": "forward", "current": "planned", "next": plan_page(owner)},
    )
    assert response["Location"] == plan_page(owner)
    response = client_for(owner).post(
        action(owner, "responsibility_status", responsibility),
        {"direction": "forward", "current": "planned", "next": "https://evil.example/"},
    )
    assert response["Location"] == responsibility.get_absolute_url()
    responsibility.refresh_from_db()
    assert responsibility.status == Status.BRIEFED  # the stale second click changed nothing


def test_delete_asks_first_without_javascript(owner, client_for):
    responsibility = make(owner)
    http = client_for(owner)
    response = http.post(action(owner, "responsibility_delete", responsibility))
    assert response.status_code == 200
    assert "Delete this responsibility from the plan?" in response.content.decode()
    assert Responsibility.objects.filter(pk=responsibility.pk).exists()
    http.post(action(owner, "responsibility_delete", responsibility), {"confirmed": "1"})
    assert not Responsibility.objects.filter(pk=responsibility.pk).exists()


def test_it_links_and_unlinks_tasks_and_recurring_duties(owner, assistant, client_for):
    responsibility = make(owner)
    task = task_services.task_create(actor=owner, brief=brief("Send invoices"), assignee=None)
    template = recurring_services.recurring_create(
        actor=owner,
        spec=recurring_services.RecurringSpec(
            title="Chase late payers", cadence="weekdays", due_time=time(17)
        ),
        assignee=assistant,
    )
    http = client_for(owner)
    http.post(action(owner, "responsibility_link", responsibility), {"task": task.code})
    http.post(action(owner, "responsibility_link", responsibility), {"recurring": template.code})
    assert list(responsibility.tasks.all()) == [task]
    assert list(responsibility.recurring.all()) == [template]
    http.post(action(owner, "responsibility_unlink", responsibility), {"task": task.code})
    http.post(action(owner, "responsibility_unlink", responsibility), {"recurring": template.code})
    assert not responsibility.tasks.exists()
    assert not responsibility.recurring.exists()


def test_the_search_filters_tasks_by_title(owner, client_for):
    responsibility = make(owner)
    task_services.task_create(actor=owner, brief=brief("Send the invoices"), assignee=None)
    task_services.task_create(actor=owner, brief=brief("Book a flight"), assignee=None)
    page = client_for(owner).get(responsibility.get_absolute_url() + "?q=INVOICES").content
    assert b"Send the invoices" in page
    assert b"Book a flight" not in page


def test_the_page_says_you_are_still_doing_it_yourself(owner, assistant, client_for):
    responsibility = make(owner, assistant=assistant, instructions="Steps")
    task = task_services.task_create(actor=owner, brief=brief("Invoices"), assignee=assistant)
    services.responsibility_link_task(actor=owner, responsibility=responsibility, task=task)
    for who, kind, minutes in ((owner, "reviewing", 40), (assistant, "work", 60)):
        TimeEntry.objects.create(
            workspace=owner.workspace,
            task=task,
            member=who,
            kind=kind,
            minutes=minutes,
            created_at=timezone.now() - timedelta(hours=1),
        )
    http = client_for(owner)
    assert b"still doing this yourself" not in http.get(responsibility.get_absolute_url()).content
    Responsibility.objects.filter(pk=responsibility.pk).update(status=Status.DELEGATED_80)
    page = http.get(responsibility.get_absolute_url()).content.decode()
    assert "You are still doing this yourself." in page
    assert "40% of the time on it (40 of 100 minutes)" in page
    assert '<svg class="plan-split"' in page


def test_the_role_duty_has_its_place(owner, client_for):
    responsibility = make(owner)
    page = client_for(owner).get(responsibility.get_absolute_url()).content.decode()
    assert "Role duty" in page


# Query counts


def fill_plan(owner, assistant, manager, count: int) -> None:
    role = AssistantRole.objects.create(
        workspace=owner.workspace, title="Bookkeeper", skills=["bookkeeping"]
    )
    RoleAssignment.objects.create(workspace=owner.workspace, role=role, member=assistant)
    statuses = list(Status)
    for n in range(count):
        responsibility = make(
            owner,
            f"Responsibility {n}",
            assistant=assistant if n % 3 else None,
            instructions="Steps" if n % 2 else "",
            skill="bookkeeping" if n % 4 == 0 else "",
        )
        Responsibility.objects.filter(pk=responsibility.pk).update(
            status=statuses[n % len(statuses)]
        )


def count_queries(http, address) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http.get(address)  # the first visit writes the session; count the next
    with CaptureQueriesContext(connection) as queries:
        assert http.get(address).status_code == 200
    return len(queries)


def test_the_plan_page_reads_a_fixed_number_of_queries(
    owner, assistant, manager, client_for, django_assert_num_queries
):
    http = client_for(owner)
    fill_plan(owner, assistant, manager, 3)
    few = count_queries(http, plan_page(owner))
    assert few <= 20
    Responsibility.objects.all().delete()
    fill_plan(owner, assistant, manager, 30)
    with django_assert_num_queries(few):
        http.get(plan_page(owner))


def test_the_responsibility_page_reads_a_fixed_number_of_queries(
    owner, assistant, client_for, django_assert_num_queries
):
    http = client_for(owner)
    responsibility = make(owner, assistant=assistant, skill="bookkeeping")

    def link(count: int) -> None:
        for n in range(count):
            task = task_services.task_create(
                actor=owner, brief=brief(f"Task {n}"), assignee=assistant
            )
            services.responsibility_link_task(actor=owner, responsibility=responsibility, task=task)
            template = recurring_services.recurring_create(
                actor=owner,
                spec=recurring_services.RecurringSpec(
                    title=f"Duty {n}", cadence="weekdays", due_time=time(17)
                ),
                assignee=assistant,
            )
            services.responsibility_link_recurring(
                actor=owner, responsibility=responsibility, template=template
            )
            Task.objects.create(
                workspace=owner.workspace,
                title=f"Duty {n}",
                recurring=template,
                assignee=assistant,
                created_by=owner,
            )

    link(2)
    few = count_queries(http, responsibility.get_absolute_url())
    assert few <= 25
    link(20)
    with django_assert_num_queries(few):
        http.get(responsibility.get_absolute_url())
