from django.urls import path

from . import views

app_name = "assets"

urlpatterns = [
    path("", views.asset_map, name="map"),
    path("kaart.json", views.map_data, name="data"),
    path("kaart.geojson", views.map_geojson, name="geojson"),
    path("grenzen.geojson", views.map_boundaries, name="boundaries"),
    path("nieuw/", views.asset_create, name="create"),
    path("<int:pk>/", views.asset_detail, name="detail"),
    path("<int:pk>/bewerken/", views.asset_edit, name="edit"),
    path("<int:pk>/verwijderen/", views.asset_delete, name="delete"),
    path("profiel/<str:code>/", views.area_profile, name="profile"),
    path("profiel/<str:code>/notitie/", views.note_add, name="note_add"),
    path("notitie/<int:pk>/verwijderen/", views.note_delete, name="note_delete"),
]
