"""Shared people for every test: an owner, a manager, an assistant and a partner of one workspace,
and an outsider who owns another workspace. All made through the real services."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from tandem.accounts import services as account_services
from tandem.accounts.models import User
from tandem.lib.data_folders import data_folders_make
from tandem.workspaces import services
from tandem.workspaces.models import Membership, Role, Workspace

pytest_plugins = ["tandem.browser"]  # the browser fixtures

PASSWORD = "correct-horse-battery"


def pytest_configure(config: pytest.Config) -> None:
    # Importing the settings makes no folder: the test database's, and the static folder that
    # WhiteNoise reads when a test client starts (it warns without one), are made here.
    data_folders_make(static=True)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production settings use the manifest storage, which needs collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is slow on purpose; tests that are about hashing put it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, name: str, zone: str = "Europe/Oslo", language: str = "en") -> User:
    return account_services.user_signup(
        email=email, password=PASSWORD, display_name=name, time_zone=zone, language=language
    )


def add_member(workspace: Workspace, user: User, role: str) -> Membership:
    return Membership.objects.create(workspace=workspace, user=user, role=role)


@pytest.fixture
def workspace(db) -> Workspace:
    owner = make_user("alice@example.com", "Alice Owner")
    return services.workspace_create(actor=owner, name="Alice Consulting", slug="alice")


@pytest.fixture
def owner(workspace) -> Membership:
    return Membership.objects.select_related("user", "workspace").get(
        workspace=workspace, role=Role.OWNER
    )


@pytest.fixture
def manager(workspace) -> Membership:
    return add_member(
        workspace, make_user("mona@example.com", "Mona Manager", "Europe/Rome"), Role.MANAGER
    )


@pytest.fixture
def assistant(workspace) -> Membership:
    user = make_user("ana@example.com", "Ana Assistant", "Asia/Manila")
    account_services.working_hours_set(
        user=user, hours={d: [(time(8), time(17))] for d in range(6)}
    )
    return add_member(workspace, user, Role.ASSISTANT)


@pytest.fixture
def partner(workspace) -> Membership:
    return add_member(
        workspace, make_user("pia@example.com", "Pia Partner", "Asia/Manila"), Role.PARTNER
    )


@pytest.fixture
def outsider(db) -> Membership:
    """Owner of another workspace, who must never see anything of Alice's."""
    user = make_user("olaf@example.com", "Olaf Outsider")
    other = services.workspace_create(actor=user, name="Olaf Trading", slug="olaf")
    return Membership.objects.select_related("user", "workspace").get(workspace=other, user=user)


@pytest.fixture
def client_for():
    """A logged-in test client for a member (or a user)."""

    def make(who: Membership | User) -> Client:
        client = Client()
        client.force_login(who.user if isinstance(who, Membership) else who)
        return client

    return make


def plan_of(queryset) -> str:
    """The database's plan for `queryset`, as it would be at scale: a tiny table is cheaper to
    scan, so PostgreSQL is told to prefer an index where one fits."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()
