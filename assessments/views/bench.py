"""The bare view scripts/bench_answers.py measures the autosave against: a signed-in
POST that does one indexed read. Routed only when settings.ANSWERS_BENCH_VIEW is on."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from ..models import Assignment


@require_POST
def bare(request, pk):
    status = Assignment.objects.filter(pk=pk).values_list("status", flat=True).first()
    return HttpResponse(status or "", content_type="text/plain")
