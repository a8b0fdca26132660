from django.urls import path

from . import bundle_views, today_views, views

app_name = "journal"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("vandaag/", views.today, name="today"),
    path("vervolgacties/", today_views.follow_up_list, name="follow_ups"),
    path("signalen/", today_views.signal_list, name="signals"),
    path("nieuw/", views.entry_create, name="create"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/bewerken/", views.entry_edit, name="edit"),
    path("gebied/<str:code>/", views.area_timeline, name="area"),
    path("persoon/<int:pk>/", views.person_timeline, name="person"),
    path("groep/<int:pk>/", views.group_timeline, name="group"),
    path("thema/<slug:slug>/", views.theme_timeline, name="theme"),
    path("vervolgacties/<int:pk>/afgerond/", views.follow_up_done, name="follow_up_done"),
    path("signalen/<int:pk>/status/", views.signal_status, name="signal_status"),
    path("signalen-aan-beleid/", bundle_views.bundle_list, name="bundle_list"),
    path("signalen-aan-beleid/nieuw/", bundle_views.bundle_create_view, name="bundle_create"),
    path("signalen-aan-beleid/<int:pk>/", bundle_views.bundle_detail, name="bundle_detail"),
    path("signalen-aan-beleid/<int:pk>/bewerken/", bundle_views.bundle_edit, name="bundle_edit"),
]
