from django import forms
from django.utils.translation import gettext_lazy as _


class OrgImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file from the HR system"),
        help_text=_("UTF-8 CSV with the columns listed below. Nothing changes until you "
                    "confirm the preview."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
