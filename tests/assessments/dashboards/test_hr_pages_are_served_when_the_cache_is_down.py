"""The reports need only the database: with the cache's server unreachable, HR's campaign
dashboard, people table and have/need pages answer with the same figures as with the
cache up, computed afresh, and the log says the cache was not used."""

import logging

from django.urls import reverse

from tests.cache import the_cache_down


def test_hr_pages_show_the_same_figures_with_the_cache_down(known_campaign, hr, client_for,
                                                           caplog):
    client = client_for(hr)
    urls = [reverse("assessments:campaign_dashboard", args=[known_campaign.pk]),
            reverse("assessments:people") + f"?campaign={known_campaign.pk}",
            reverse("assessments:have_need")]
    up = [client.get(url) for url in urls]
    with the_cache_down(), caplog.at_level(logging.WARNING):
        down = [client.get(url) for url in urls]

    assert [r.status_code for r in up] == [r.status_code for r in down] == [200, 200, 200]
    for a, b in zip(up, down, strict=True):
        assert _figures(a) == _figures(b)
    assert "cache unreachable" in caplog.text


def _figures(response):
    """The page without what differs between two renders (the CSRF token and nonces)."""
    import re

    text = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|nonce=")[^"]*', "", text)
