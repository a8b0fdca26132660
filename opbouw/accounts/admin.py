from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Organisation, User

admin.site.register(User, UserAdmin)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "area"]
    search_fields = ["name"]
