"""Editing language-keyed JSON texts in the admin: one form field per language.

Bank, scale and item texts are stored as {"en": ..., "zh-hans": ...}. The admin edits
each language in its own field (a textarea marked with its `lang`), and read-only views
(HR, published versions) show one column per language.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy


def language_field_name(name, code):
    return f"{name}_{code.replace('-', '_')}"


class TranslatedForm(forms.ModelForm):
    """Edits each language-keyed JSON field as one form field per language.

    `translated` maps a model field to "text" (one string per language) or "lines" (a
    list per language, one entry per line, for answer labels).
    """

    translated: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in self.translated.items():
            stored = getattr(self.instance, name) or {}
            for code, _label in settings.LANGUAGES:
                value = stored.get(code, "") if isinstance(stored, dict) else ""
                if kind == "lines" and isinstance(value, list):
                    value = "\n".join(value)
                self.initial.setdefault(language_field_name(name, code), value)

    def clean(self):
        cleaned = super().clean()
        for name, kind in self.translated.items():
            combined = {}
            for code, _label in settings.LANGUAGES:
                value = (cleaned.get(language_field_name(name, code)) or "").strip()
                if kind == "lines":
                    value = [line.strip() for line in value.splitlines() if line.strip()]
                if value:
                    combined[code] = value
            setattr(self.instance, name, combined)
        return cleaned

    def add_error(self, field, error):
        # The model's clean() names the JSON field, which this form shows per language.
        if field is None and hasattr(error, "error_dict"):
            moved = [error.error_dict.pop(name) for name in list(error.error_dict)
                     if name in self.translated]
            for messages_ in moved:
                super().add_error(None, messages_)
            if not error.error_dict:
                return
        super().add_error(field, error)


def language_label(model, name, language):
    return format_lazy("{} ({})", capfirst(model._meta.get_field(name).verbose_name), language)


def translated_form(model, translated, *, rows=2):
    """A TranslatedForm class for `model` with one declared field per language."""
    attrs = {"translated": translated}
    for name, kind in translated.items():
        for code, language in settings.LANGUAGES:
            attrs[language_field_name(name, code)] = forms.CharField(
                label=language_label(model, name, language), required=False,
                widget=forms.Textarea(attrs={"rows": rows if kind == "text" else 5,
                                             "cols": 40, "lang": code}),
                help_text=gettext_lazy("One label per line, lowest answer first.")
                if kind == "lines" else "",
            )
    attrs["Meta"] = type("Meta", (), {"model": model, "exclude": list(translated)})
    return type(f"{model.__name__}TranslatedForm", (TranslatedForm,), attrs)


def translated(model, fields_, *, rows=2):
    """Class decorator for a (model or inline) admin editing language-keyed JSON fields.

    Adds the per-language form, and a display method per language with the same name, so
    that read-only views (HR, published versions) show the texts too.
    """

    def display(name, code, language, kind):
        @admin.display(description=language_label(model, name, language))
        def show(self, obj):
            value = (getattr(obj, name) or {}).get(code, "")
            return " / ".join(value) if kind == "lines" and isinstance(value, list) else value

        return show

    def decorate(cls):
        cls.form = translated_form(model, fields_, rows=rows)
        for name, kind in fields_.items():
            for code, language in settings.LANGUAGES:
                setattr(cls, language_field_name(name, code), display(name, code, language, kind))
        return cls

    return decorate


def translated_fields(name):
    return [language_field_name(name, code) for code, _label in settings.LANGUAGES]
