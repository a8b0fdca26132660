from django.urls import path

from . import participation, views

app_name = "dialogue"

urlpatterns = [
    # For those who run and follow conversations (login).
    path("", views.conversation_list, name="list"),
    path("nieuw/", views.conversation_create, name="create"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/bewerken/", views.conversation_edit, name="edit"),
    path("<int:pk>/stellingen/", views.statement_add, name="statement_add"),
    path("<int:pk>/moderatie/", views.moderation, name="moderation"),
    path("stellingen/<int:pk>/modereren/", views.statement_moderate, name="moderate"),
    path("<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("<int:pk>/resultaten/", views.results_page, name="results"),
    path("<int:pk>/bijwerken/", views.recompute, name="recompute"),
    path("<int:pk>/papieren-stemmen/", views.paper_votes, name="paper_votes"),
    path("<int:pk>/export/", views.export_page, name="export"),
    path("<int:pk>/export/maken/", views.export_create, name="export_create"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    # For participants: anyone with the invitation link, no account needed.
    path("doe-mee/<str:token>/", participation.participate, name="participate"),
    path("doe-mee/<str:token>/stem/", participation.vote, name="vote"),
    path("doe-mee/<str:token>/stelling/", participation.statement_submit, name="statement_submit"),
    path("doe-mee/<str:token>/over-mij/", participation.profile, name="profile"),
    path("doe-mee/<str:token>/resultaten/", participation.public_results, name="public_results"),
]
