from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from ..models import BankVersion
from ..services.bank_files import dump_version


@require_GET
@permission_required("assessments.view_bankversion", raise_exception=True)
def preview(request, version_id):
    """The questionnaire as an employee would see it, read-only, in one language."""
    version = get_object_or_404(BankVersion.objects.select_related("bank"), pk=version_id)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("lang") or translation.get_language()
    if language not in languages:
        language = settings.LANGUAGE_CODE
    items = list(version.items.order_by("order", "pk"))
    # Bank admins may mark each item's keying and twin partner; by default the page is
    # exactly what a respondent sees, with no scoring key.
    can_mark = request.user.has_perm("assessments.change_bankversion")
    marked = can_mark and request.GET.get("key") == "1"
    twins = _twins(version, language) if marked else {}
    questions = [
        {"item": item, "text": item.text_in(language),
         "choices": item.answer_choices(language), "twin": twins.get(item.pk)}
        for item in items
    ]
    context = {
        "can_mark": can_mark,
        "marked": marked,
        "version": version,
        "language": language,
        "bank_name": version.name_in(language),
        "bank_description": version.description_in(language),
        "questions": questions,
        "languages": settings.LANGUAGES,
    }
    # The page chrome follows the previewed language too, as the respondent would see it.
    with translation.override(language):
        response = render(request, "assessments/banks/preview.html", context)
    response.headers["Content-Language"] = language
    return response


def _twins(version, language):
    """Each paired item's partner: {item id: (partner code, partner text, relation)}."""
    twins = {}
    for pair in version.pairs.select_related("item_a", "item_b"):
        relation = pair.get_relation_display()
        twins[pair.item_a_id] = (pair.item_b.code, pair.item_b.text_in(language), relation)
        twins[pair.item_b_id] = (pair.item_a.code, pair.item_a.text_in(language), relation)
    return twins


@require_GET
@permission_required("assessments.view_bankversion", raise_exception=True)
def export(request, version_id):
    """The version in the JSON interchange format, as a download."""
    version = get_object_or_404(BankVersion.objects.select_related("bank"), pk=version_id)
    response = HttpResponse(dump_version(version), content_type="application/json")
    filename = f"{version.bank.code}-v{version.number}.json"
    # A bank code is an author's text: quoted (and encoded) as the header needs.
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
