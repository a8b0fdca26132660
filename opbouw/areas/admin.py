from django.contrib import admin

from .models import Area, Membership, Place


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "area", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "area"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ["name", "kind", "area"]
    search_fields = ["name"]
