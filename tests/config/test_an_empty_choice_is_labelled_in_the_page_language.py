"""A select with nothing chosen says so in the page's language. Django's own label
("- Select an option -", on every select that names no label of its own, the admin's
included) has no Chinese in Django's catalogue; the site's has (talent/apps.py)."""

from django import forms
from django.utils import translation

from talent.models import Department


class PlaceForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.all())


def test_a_select_with_nothing_chosen_reads_in_chinese(org):
    with translation.override("zh-hans"):
        html = str(PlaceForm()["department"])
    assert '<option value="" selected>- 请选择 -</option>' in html


def test_in_english_it_keeps_djangos_words(org):
    with translation.override("en"):
        html = str(PlaceForm()["department"])
    assert '<option value="" selected>- Select an option -</option>' in html
