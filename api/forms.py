from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Event, Scope


class TokenForm(forms.Form):
    username = forms.CharField(
        label=_("Acts as (login)"), max_length=150,
        help_text=_("The token acts with this login's role and never more. Usually a "
                    "service login, or your own."))
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("Which system uses it, e.g. \"BI nightly export\"."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    days = forms.IntegerField(label=_("Expires after (days)"), initial=90, min_value=1,
                              max_value=settings.API_TOKEN_MAX_DAYS)

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError(_("There is no login with this name."))
        return user


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https",
                         help_text=_("A public https:// endpoint of the receiving system."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=Event.choices,
                                       widget=forms.CheckboxSelectMultiple)
