"""Shared fixtures. The fake Anthropic API lives in ``tests/fake_anthropic.py``."""

import pytest

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def isolated_data_dirs(settings, tmp_path):
    """Every test gets its own extraction folder; the corpus stays the demo one (read-only)."""
    settings.EXTRACTED_DIR = tmp_path / "extracted"
    settings.EXTRACTED_DIR.mkdir()
    return settings


@pytest.fixture
def fake_anthropic(monkeypatch, settings):
    """The real SDK talking to a fake API; retries are fast (no real sleeping on retry-after 0)."""
    from tests.fake_anthropic import FakeAnthropic

    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    settings.ANTHROPIC_MAX_RETRIES = 2
    fake = FakeAnthropic().install()
    yield fake
    fake.uninstall()
