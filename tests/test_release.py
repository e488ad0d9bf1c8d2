"""The release token keys the caches of rendered output: a deploy that changes what renders a page starts fresh."""

import os

from gamelibrary.release import release_token


def _tree(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<html>")
    (tmp_path / "staticfiles").mkdir()
    (tmp_path / "staticfiles" / "staticfiles.json").write_text('{"paths": {}}')
    return tmp_path


def _token(base):
    return release_token(base, folders=["templates"], files=["staticfiles/staticfiles.json"])


def test_the_same_files_give_the_same_token(tmp_path):
    base = _tree(tmp_path)
    assert _token(base) == _token(base)


def test_a_changed_template_changes_the_token(tmp_path):
    base = _tree(tmp_path)
    before = _token(base)
    (base / "templates" / "base.html").write_text("<html lang='ro'>")
    assert _token(base) != before


def test_a_new_static_manifest_changes_the_token(tmp_path):
    base = _tree(tmp_path)
    before = _token(base)
    manifest = base / "staticfiles" / "staticfiles.json"
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert _token(base) != before


def test_files_a_page_does_not_depend_on_leave_the_token(tmp_path):
    base = _tree(tmp_path)
    before = _token(base)
    (base / "templates" / "notes.txt").write_text("draft")
    assert _token(base) == before
