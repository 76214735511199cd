from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("<str:token>/", views.review_page, name="page"),
]
