from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Perm


def admin_site_permission(request) -> bool:
    """The Django admin is for technical administrators only (and superusers)."""
    user = request.user
    return user.is_active and (user.is_superuser or user.has_global_perm(Perm.ADMIN_SITE))


admin.site.has_permission = admin_site_permission


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "display_name", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
