from django.contrib import admin

from ..models import BankVersion, QuestionBank


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code"]


@admin.register(BankVersion)
class BankVersionAdmin(admin.ModelAdmin):
    list_display = ["bank", "number", "status", "published_at"]
    list_filter = ["status"]
