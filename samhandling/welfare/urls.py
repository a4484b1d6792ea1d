from django.urls import path

from samhandling.welfare import views

app_name = "welfare"

urlpatterns = [
    path("", views.home, name="home"),
    path("leverantorer/", views.supplier_list, name="supplier_list"),
    path("leverantorer/ny/", views.supplier_create, name="supplier_create"),
    path("leverantorer/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("leverantorer/<int:pk>/andra/", views.supplier_edit, name="supplier_edit"),
    path("leverantorer/<int:pk>/avtal/nytt/", views.contract_create, name="contract_create"),
    path("avtal/<int:pk>/andra/", views.contract_edit, name="contract_edit"),
    path("leverantorer/<int:pk>/natverk/", views.supplier_network, name="supplier_network"),
    path("leverantorer/<int:pk>/kontroll/ny/", views.check_create, name="check_create"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/status/", views.import_status, name="import_status"),
    path("kontroller/", views.check_list, name="check_list"),
    path("kontroller/<int:pk>/", views.check_detail, name="check_detail"),
    path("flaggor/", views.flag_queue, name="flag_queue"),
    path("flaggor/<int:pk>/", views.flag_detail, name="flag_detail"),
    path("regler/", views.rule_list, name="rule_list"),
    path("personer/matchningar/", views.match_list, name="match_list"),
    path("personer/matchningar/<int:pk>/", views.match_decide, name="match_decide"),
    path("uppfoljning/", views.follow_up, name="follow_up"),
    path("uppfoljning/export.csv", views.follow_up_export, name="follow_up_export"),
]
