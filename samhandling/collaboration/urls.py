from django.urls import path

from samhandling.collaboration import views

app_name = "collaboration"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ny/", views.forum_start, name="forum_start"),
    path("utlamnanden/", views.register, name="register"),
    path("utlamnanden/export.csv", views.register_export, name="register_export"),
    path("<int:forum_id>/", views.forum_detail, name="forum_detail"),
    path("<int:forum_id>/medlemmar/ny/", views.member_add, name="member_add"),
    path("<int:forum_id>/medlemmar/<int:member_id>/ta-bort/", views.member_remove, name="member_remove"),
    path("<int:forum_id>/samtycke/ny/", views.consent_add, name="consent_add"),
    path("<int:forum_id>/samtycke/<int:consent_id>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:forum_id>/starta/", views.forum_activate, name="forum_activate"),
    path("<int:forum_id>/moten/ny/", views.meeting_add, name="meeting_add"),
    path("<int:forum_id>/moten/<int:meeting_id>/", views.meeting_edit, name="meeting_edit"),
    path("<int:forum_id>/plan/", views.plan_edit, name="plan_edit"),
    path("<int:forum_id>/atgarder/ny/", views.action_add, name="action_add"),
    path("<int:forum_id>/atgarder/<int:action_id>/", views.action_follow_up, name="action_follow_up"),
    path("<int:forum_id>/utlamna/", views.disclosure_add, name="disclosure_add"),
    path("<int:forum_id>/avsluta/", views.forum_end, name="forum_end"),
]
