from django.contrib import admin

from ..models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "bank_version", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["name"]
