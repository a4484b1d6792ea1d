from django.urls import path

from samhandling.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.method_list, name="method_list"),
    path("export.<str:fmt>", views.method_export, name="method_export"),
    path("hitta/", views.finder, name="finder"),
    path("faktorer/", views.factor_list, name="factor_list"),
    path("strategi/", views.strategy_list, name="strategy_list"),
    path("strategi/<slug:code>/", views.strategy_detail, name="strategy_detail"),
    path("metod/ny/", views.method_create, name="method_create"),
    path("metod/<slug:slug>/", views.method_detail, name="method_detail"),
    path("metod/<slug:slug>/andra/", views.method_edit, name="method_edit"),
]
