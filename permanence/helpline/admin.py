from django.contrib import admin

from permanence.helpline.models import BudgetLine, CallSheet, ImportJob, ReportBudget


@admin.register(CallSheet)
class CallSheetAdmin(admin.ModelAdmin):
    list_display = ["called_at", "organisation", "caller_type", "departement", "origin_region"]
    list_filter = ["organisation", "caller_type", "non_data"]
    date_hierarchy = "called_at"
    list_select_related = ["organisation"]
    readonly_fields = ["created_by", "created_at", "import_job"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "filename", "status", "total", "imported"]
    list_filter = ["status"]
    list_select_related = ["organisation"]
    exclude = ["data"]
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "data"]

    def has_add_permission(self, request) -> bool:
        return False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(ReportBudget)
class ReportBudgetAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "funder", "requested_amount"]
    list_select_related = ["organisation"]
    inlines = [BudgetLineInline]
