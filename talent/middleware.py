"""Pages seen by a signed-in user are never kept by a browser or a proxy cache."""

from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """Every response to a signed-in user gets `Cache-Control: no-store, private, ...`.

    Nearly every page shows people or results (the home page, campaigns, run progress,
    item analysis, bank previews and exports, the org import), and a page added later
    would be easy to forget: so the rule is one for all, not a decorator per view. Judged
    by who asked, before the view runs (a logout's response is still the user's).
    Static files are served before this runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in:
            add_never_cache_headers(response)
        return response
