"""
Where an admin sign-in came from, for the lockout (django-axes calls
sign_in_address through AXES_CLIENT_IP_CALLABLE in ledger/settings.py).
"""

from django.conf import settings


def sign_in_address(request):
    """
    The address a sign-in came from. With N trusted proxies, the N-th address
    from the right of X-Forwarded-For: each of our proxies appends the address
    it was reached from, so that one was written by our outermost proxy. The
    ones to its left are whatever the client sent, and a client could forge
    them to dodge the count; that is why the left-most is never taken.
    """
    proxies = settings.LEDGER_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
