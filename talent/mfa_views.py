"""The second factor's pages: set up TOTP, enter a code after signing in, and (for those
who opted in) turn it off. See talent/mfa.py for who needs one."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from . import mfa


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=64,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric",
                                                         "autofocus": True}))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "home"


def setup(request):
    if mfa.has_totp(request.user) and mfa.session_is_verified(request):
        return redirect("mfa_manage")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.activate(request, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "registration/mfa_recovery_codes.html",
                          {"codes": codes, "next": _next(request)})
        form.add_error("code", _("That code is not right. Check the time on your phone and "
                                 "enter the code the app shows now."))
    secret = mfa.pending_secret(request)
    return render(request, "registration/mfa_setup.html", {
        "form": form, "secret": secret, "qr": mfa.qr_code_data_uri(request.user, secret),
        "required": mfa.is_required(request.user), "next": _next(request),
    }, status=400 if form.errors else 200)


def verify(request):
    if not mfa.has_totp(request.user) or mfa.session_is_verified(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        if mfa.too_many_failures(request.user):
            form.add_error("code", _(
                "Too many wrong codes. For your safety no code is checked for %(minutes)s "
                "minutes; then enter the code your app shows.")
                % {"minutes": settings.MFA_CODE_COOLOFF_MINUTES})
            return render(request, "registration/mfa_verify.html",
                          {"form": form, "next": _next(request)}, status=429)
        form.add_error("code", _("That code is not right, or was already used. Enter the "
                                 "code your app shows now, or one of your recovery codes."))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)


@require_GET
def manage(request):
    return render(request, "registration/mfa_manage.html", {
        "active": mfa.has_totp(request.user), "required": mfa.is_required(request.user),
        "recovery_left": len(mfa.unused_recovery_codes(request.user)),
    })


@require_POST
def deactivate(request):
    if mfa.is_required(request.user):
        messages.error(request, _("Your role requires a second factor: it cannot be turned off."))
        return redirect("mfa_manage")
    mfa.deactivate(request.user)
    messages.success(request, _("The second factor is off."))
    return redirect("mfa_manage")
