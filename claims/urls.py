from django.urls import path

from claims import views
from claims.feeds import LatestClaimsFeed

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
    path("claims/<slug:slug>/history/", views.claim_history, name="history"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("methodology/", views.methodology, name="methodology"),
    path("feeds/claims/", LatestClaimsFeed(), name="feed"),
]
