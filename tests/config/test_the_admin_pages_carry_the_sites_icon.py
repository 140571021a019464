"""The admin's pages link the site's icon, as every other page does: without the link
the browser asks for /favicon.ico, which is no page here, and logs a 404 in the console
of everyone who opens the admin (found by a click-through as the superuser)."""


def test_the_admin_index_and_its_login_link_the_sites_icon(superuser, client_for, client):
    page = client_for(superuser).get("/admin/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "Django administration" in page or "site-name" in page  # the admin's own header kept
    login = client.get("/admin/login/").content.decode()
    assert 'rel="icon"' in login
