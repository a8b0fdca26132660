from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include("opbouw.accounts.urls")),
    path("gebieden/", include("opbouw.areas.urls")),
    path("mensen/", include("opbouw.people.urls")),
    path("logboek/", include("opbouw.journal.urls")),
    path("initiatieven/", include("opbouw.initiatives.urls")),
    path("buurtbeeld/", include("opbouw.assets.urls")),
    path("gesprekken/", include("opbouw.dialogue.urls")),
    path("verantwoording/", include("opbouw.reports.urls")),
    path("netwerk/", include("opbouw.network.urls")),
    path("privacy/audit/", include("opbouw.privacy.audit_urls")),
    path("privacy/", include("opbouw.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
