from django.urls import path

from . import views

app_name = "explain"
urlpatterns = [
    path("", views.search_view, name="search"),
    path("<str:token>/", views.person_view, name="person"),
]
