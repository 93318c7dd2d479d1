"""Fixtures for the sync tests: a running fake Google."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sync.fake_google import FakeGoogle


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    """A fake Google Sheets + Drive + OAuth server on 127.0.0.1, for one test."""
    with FakeGoogle() as fake:
        yield fake
