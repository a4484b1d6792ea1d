from django.urls import path

from samhandling.defectors import views

app_name = "defectors"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("ny/", views.register, name="register"),
    path("granskning/", views.read_report, name="read_report"),
    path("statistik/", views.figures, name="figures"),
    path("kvitto/<int:case_id>/", views.receipt, name="receipt"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/forsta-kontakt/", views.first_contact, name="first_contact"),
    path("<int:case_id>/hotbedomning/", views.threat_assessment, name="threat_assessment"),
    path("<int:case_id>/avsluta/", views.case_close, name="case_close"),
    path("<int:case_id>/stod/ny/", views.support_item_add, name="support_item_add"),
    path("<int:case_id>/utredning/ny/", views.needs_open, name="needs_open"),
    path("<int:case_id>/utredning/", views.needs_edit, name="needs_edit"),
    path("<int:case_id>/uppfoljning/ny/", views.follow_up_add, name="follow_up_add"),
    path("<int:case_id>/uppfoljning/<int:follow_up_id>/", views.follow_up_done, name="follow_up_done"),
    path("<int:case_id>/visa-namn/", views.reveal, name="reveal"),
    path("<int:case_id>/skyddad-identitet/", views.identity_grant, name="identity_grant"),
    path(
        "<int:case_id>/skyddad-identitet/<int:grant_id>/aterkalla/",
        views.identity_grant_withdraw,
        name="identity_grant_withdraw",
    ),
    path("<int:case_id>/flytt/", views.relocation, name="relocation"),
    path("<int:case_id>/overlamning/kvittera/", views.handover_acknowledge, name="handover_acknowledge"),
]
