from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("tinjau/", views.review_view, name="review"),
    path("tinjau/<int:item_id>/", views.review_decide_view, name="decide"),
]
