from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from .models import Area, Membership, Place


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]

    def get_form(
        self, request: HttpRequest, obj: Area | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Area]]:
        form = super().get_form(request, obj, change, **kwargs)
        # The level may be left empty: Area.clean_fields takes it from the CBS code.
        form.base_fields["level"].required = False
        return form


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "area", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "area"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ["name", "kind", "area"]
    search_fields = ["name"]
