from django.contrib import admin

from permanence.orgs.models import Organisation, Place


class PlaceInline(admin.StackedInline):
    model = Place
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceInline]
