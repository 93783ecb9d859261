from django.shortcuts import get_object_or_404, render

from claims.models import Claim


def home(request):
    claims = Claim.objects.published().for_list()[:50]
    return render(request, "claims/home.html", {"claims": claims})


def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.published().for_list(), slug=slug)
    return render(request, "claims/claim_detail.html", {"claim": claim})
