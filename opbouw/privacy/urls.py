from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("mijn-gegevens/", views.mine, name="mine"),
    path("mijn-gegevens/verwijderen/", views.erasure_ask, name="erasure_ask"),
    path("toestemming/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("mensen/<int:pk>/export/", views.export_create, name="export_create"),
    path("mensen/<int:pk>/verwijderen/", views.erase, name="erase"),
    path("export/<str:token>/", views.export_download, name="export_download"),
    path("verzoeken/<int:pk>/afwijzen/", views.erasure_reject, name="erasure_reject"),
    path("register/", views.register, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("register.json", views.register_json, name="register_json"),
]
