from django.urls import path

from . import harvest_views, name_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("nieuw/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/bewerken/", views.report_edit, name="edit"),
    path("<int:pk>/uitbrengen/", views.report_issue, name="issue"),
    path("<int:pk>/namen/", name_views.report_names, name="names"),
    path("<int:pk>/reactie/", views.report_message, name="message"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/excel/", views.report_xlsx, name="xlsx"),
    path("<int:pk>/csv/", views.report_csv, name="csv"),
    path("verhalen/", views.story_list, name="stories"),
    path("verhalen/nieuw/", views.story_create, name="story_create"),
    path("verhalen/<int:pk>/", views.story_detail, name="story_detail"),
    path("verhalen/<int:pk>/bewerken/", views.story_edit, name="story_edit"),
    path("verhalen/<int:pk>/vrijgeven/", views.story_release, name="story_release"),
    path("selectie/nieuw/", views.round_create, name="round_create"),
    path("selectie/<int:pk>/", views.round_detail, name="round_detail"),
    path("uitkomsten/nieuw/", views.outcome_create, name="outcome_create"),
    path("oogsten/nieuw/", harvest_views.harvest_create, name="harvest_create"),
    path("oogsten/<int:pk>/", harvest_views.harvest_detail, name="harvest_detail"),
    path("uitkomsten/<int:pk>/bewerken/", views.outcome_edit, name="outcome_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/excel/", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/csv/", views.dashboard_csv, name="dashboard_csv"),
    path("collectief/", views.collective, name="collective"),
]
