from django.urls import path

from . import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.event_list, name="list"),
    path("export.csv", audit_views.event_export, name="export"),
    path("waarschuwingen/", audit_views.alert_list, name="alerts"),
]
