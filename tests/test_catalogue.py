"""The Romanian catalogue covers every string the project marks for translation, the admin's included."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

SOURCE_FOLDERS = ("activities", "enrichment", "gamelibrary", "sources", "templates")


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """The project's sources and its Romanian catalogue, copied, so makemessages never rewrites the real one."""
    for folder in SOURCE_FOLDERS:
        shutil.copytree(settings.BASE_DIR / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    catalogue = tmp_path / "locale" / "ro" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    shutil.copy(settings.BASE_DIR / "locale" / "ro" / "LC_MESSAGES" / "django.po", catalogue)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "locale"])
    return catalogue / "django.po"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_makemessages_leaves_no_romanian_string_untranslated(project_copy: Path):
    call_command("makemessages", locale=["ro"], verbosity=0)
    catalogue = polib.pofile(str(project_copy))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == []


def test_every_model_field_of_the_project_has_a_translatable_name():
    from django.apps import apps

    unnamed = [
        f"{model.__name__}.{field.name}"
        for app in ("activities", "enrichment", "sources")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and field.name != "id" and isinstance(field.verbose_name, str)
    ]
    assert unnamed == []
