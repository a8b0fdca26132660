from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("kennismakingen/", views.introductions, name="introductions"),
    path(
        "kennismakingen/<int:pk>/antwoord/",
        views.introduction_answer,
        name="introduction_answer",
    ),
    path("persoon/<int:pk>/", views.person_connect, name="person"),
    path("persoon/<int:pk>/verbinding/", views.tie_add, name="tie_add"),
    path("persoon/<int:pk>/voorstellen/", views.introduction_propose, name="introduction_propose"),
    path("initiatief/<int:pk>/", views.initiative_connect, name="initiative"),
    path("<str:code>/", views.area_network, name="area"),
    path("<str:code>/graaf.json", views.graph_json, name="graph"),
    path("<str:code>/zonder-verbinding/", views.isolated_list, name="isolated"),
    path("<str:code>/bijwerken/", views.recompute, name="recompute"),
]
