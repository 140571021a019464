"""HR's integration pages: API tokens (issue, revoke) and webhooks (register, turn off,
the latest deliveries). A token's secret is shown once, on the page that answers its
creation; a webhook's signing secret likewise."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens, webhooks
from .forms import TokenForm, WebhookForm
from .models import Webhook, WebhookDelivery

DELIVERIES_SHOWN = 50


@require_http_methods(["GET", "POST"])
@permission_required("api.manage_integrations", raise_exception=True)
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = tokens.issue(data["username"], name=data["name"],
                                         scopes=data["scopes"], days=data["days"],
                                         created_by=request.user)
        except ValidationError as problems:
            for field, errors in problems.message_dict.items():
                for error in errors:
                    form.add_error({"user": "username"}.get(field, field), error)
        else:
            form = TokenForm()
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret, "tokens": tokens.visible_to(request.user)[:200],
    }, status=status)


@require_POST
@permission_required("api.manage_integrations", raise_exception=True)
def token_revoke(request, pk):
    token = get_object_or_404(tokens.visible_to(request.user), pk=pk)
    if tokens.revoke(token.pk):
        messages.success(request, _("The token %(name)s is revoked: it no longer works.")
                         % {"name": token.name})
    else:
        messages.info(request, _("This token was already revoked."))
    return redirect("integrations:tokens")


@require_http_methods(["GET", "POST"])
@permission_required("api.manage_integrations", raise_exception=True)
def webhook_list(request):
    form = WebhookForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = webhooks.register(form.cleaned_data["url"], form.cleaned_data["events"],
                                        created_by=request.user)
        except ValidationError as problems:
            for field, errors in problems.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            form = WebhookForm()
    return render(request, "api/webhooks.html", {
        "form": form, "created": created,
        "hooks": Webhook.objects.all()[:100],
        "deliveries": WebhookDelivery.objects.select_related("webhook")[:DELIVERIES_SHOWN],
    }, status=400 if form.is_bound and form.errors else 200)


@require_POST
@permission_required("api.manage_integrations", raise_exception=True)
def webhook_deactivate(request, pk):
    if Webhook.objects.filter(pk=pk, active=True).update(active=False):
        messages.success(request, _("The webhook is turned off: nothing more is sent to it."))
    else:
        messages.info(request, _("This webhook was already off."))
    return redirect("integrations:webhooks")
