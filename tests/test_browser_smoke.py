import pytest


@pytest.mark.browser
def test_admin_login_page_renders_in_chromium(live_server, page):
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("input[name=username]").is_visible()
