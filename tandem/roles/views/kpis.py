"""KPIs of a role: values per assistant over time against the target."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
