from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("nieuw/", views.person_create, name="create"),
    path("ik/", views.me, name="me"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/bewerken/", views.person_edit, name="edit"),
    path("<int:pk>/toestemming/", views.consent_add, name="consent_add"),
    path("toestemming/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("zoeken/", views.person_autocomplete, name="autocomplete"),
    path("groepen/", views.group_list, name="group_list"),
    path("groepen/nieuw/", views.group_create, name="group_create"),
    path("groepen/zoeken/", views.group_autocomplete, name="group_autocomplete"),
    path("groepen/<int:pk>/", views.group_detail, name="group_detail"),
    path("groepen/<int:pk>/leden/", views.group_member_add, name="group_member_add"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/zoeken/", views.organisation_autocomplete, name="organisation_autocomplete"),
]
