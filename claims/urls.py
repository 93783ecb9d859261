from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    # The public claim page arrives with the public site; until then a claim's
    # URL is reserved so get_absolute_url() has something to reverse.
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
]
