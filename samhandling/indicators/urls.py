from django.urls import path

from samhandling.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("ny/", views.indicator_create, name="indicator_create"),
    path("karta/", views.map_view, name="map"),
    path("karta/ladda-ner.<str:fmt>", views.map_download, name="map_download"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/status/", views.import_status, name="import_status"),
    path("stadsdel/<slug:code>/", views.district_profile, name="district_profile"),
    path("stadsdel/<slug:code>/ladda-ner.<str:fmt>", views.district_profile_download, name="district_profile_download"),
    path("stadsdel/pdf/<int:pk>/", views.profile_export_detail, name="profile_export_detail"),
    path("stadsdel/pdf/<int:pk>/status/", views.profile_export_status, name="profile_export_status"),
    path("stadsdel/pdf/<int:pk>/fil/", views.profile_export_file, name="profile_export_file"),
    path("oppna-data/", views.public_dashboard, name="public_dashboard"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/andra/", views.indicator_edit, name="indicator_edit"),
    path("<slug:code>/ratta/", views.value_correct, name="value_correct"),
    path("<slug:code>/ladda-ner.<str:fmt>", views.indicator_download, name="indicator_download"),
]
