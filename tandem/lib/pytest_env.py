"""Loaded by pytest before Django (`-p` in pyproject): the environment the test suite runs in."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
# Jobs run at once, in the test's own process; the consumer tests switch this off.
os.environ.setdefault("HUEY_IMMEDIATE", "true")
