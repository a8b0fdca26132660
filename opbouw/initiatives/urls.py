from django.urls import path

from . import cashbox_views, delegation_views, grant_views, participation_views, views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("nieuw/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/bewerken/", views.initiative_edit, name="edit"),
    path("<int:pk>/fase/", views.stage_change, name="stage"),
    path("<int:pk>/leden/", views.member_add, name="member_add"),
    path("<int:pk>/meedoen/", views.member_join, name="member_join"),
    path("leden/<int:pk>/afmelden/", views.member_leave, name="member_leave"),
    path("<int:pk>/vraag-aanbod/", views.need_add, name="need_add"),
    path("vraag-aanbod/<int:pk>/geregeld/", views.need_fulfil, name="need_fulfil"),
    path("<int:pk>/steun/", views.support_add, name="support_add"),
    path("<int:pk>/positie/", views.position_set, name="position"),
    path("<int:pk>/rol-gemeente/", views.municipal_role_set, name="municipal_role"),
    path("<int:pk>/kas/", cashbox_views.cash_add, name="cash_add"),
    path("kas/<int:pk>/bon/", cashbox_views.cash_receipt, name="cash_receipt"),
    path("participatie/", participation_views.process_list, name="process_list"),
    path("participatie/nieuw/", participation_views.process_create, name="process_create"),
    path("participatie/<int:pk>/", participation_views.process_detail, name="process_detail"),
    path(
        "participatie/<int:pk>/achteraf/",
        participation_views.process_realise,
        name="process_realise",
    ),
    path("<int:pk>/aanvraag/", grant_views.grant_create, name="grant_create"),
    path("aanvragen/", grant_views.grant_list, name="grant_list"),
    path("aanvragen/delegatie/", delegation_views.delegation_add, name="delegation_add"),
    path(
        "aanvragen/delegatie/<int:pk>/einde/",
        delegation_views.delegation_end,
        name="delegation_end",
    ),
    path("aanvragen/<int:pk>/", grant_views.grant_detail, name="grant_detail"),
    path("aanvragen/<int:pk>/bewerken/", grant_views.grant_edit, name="grant_edit"),
    path("aanvragen/<int:pk>/draagvlak/", grant_views.supporter_add, name="grant_supporter"),
    path("aanvragen/<int:pk>/indienen/", grant_views.grant_submit, name="grant_submit"),
    path("aanvragen/<int:pk>/besluit/", grant_views.grant_decide, name="grant_decide"),
    path("aanvragen/<int:pk>/bijlagen/", grant_views.attachment_add, name="attachment_add"),
    path("aanvragen/<int:pk>/verantwoording/", grant_views.grant_account, name="grant_account"),
    path("bijlagen/<int:pk>/", grant_views.attachment_download, name="attachment"),
]
