"""Webhooks through the API, for a system that sets itself up: `GET /api/v1/webhooks/`
lists them, `POST` registers one (its signing secret is in that answer only),
`POST /api/v1/webhooks/{id}/deactivate/` turns one off. The same rules as HR's page
(api/webhooks.py): public HTTPS only, known events; every problem answered at once as a
problem document, nothing written."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import webhooks
from ..models import Event, Scope, Webhook
from ..problems import problem
from ..serializers import StrictInput
from .base import ApiViewMixin, Cursor


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices))

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "active", "created_at"]


class NewWebhook(StrictInput):
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(child=serializers.CharField(), allow_empty=True)


class CreatedWebhook(WebhookSerializer):
    secret = serializers.CharField(help_text="Signs every delivery; shown only here.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class Webhooks(ApiViewMixin, generics.ListAPIView):
    required_scopes = {"GET": Scope.WEBHOOKS, "POST": Scope.WEBHOOKS}
    required_perms = {"GET": "api.manage_integrations", "POST": "api.manage_integrations"}
    serializer_class = WebhookSerializer
    pagination_class = Cursor
    queryset = Webhook.objects.all()

    @extend_schema(request=NewWebhook, responses={201: CreatedWebhook})
    def post(self, request):
        body = NewWebhook(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            hook = webhooks.register(body.validated_data["url"], body.validated_data["events"],
                                     created_by=request.user)
        except ValidationError as refused:
            return problem(400, _("The webhook was not registered."), instance=request.path,
                           errors=[{"field": field, "message": message}
                                   for field, messages in refused.message_dict.items()
                                   for message in messages])
        return Response(CreatedWebhook(hook).data, status=status.HTTP_201_CREATED)


class WebhookDeactivate(ApiViewMixin, APIView):
    required_scopes = {"POST": Scope.WEBHOOKS}
    required_perms = {"POST": "api.manage_integrations"}

    @extend_schema(request=None, responses={200: WebhookSerializer})
    def post(self, request, pk):
        hook = get_object_or_404(Webhook, pk=pk)
        Webhook.objects.filter(pk=hook.pk, active=True).update(active=False)
        hook.refresh_from_db()
        return Response(WebhookSerializer(hook).data)
