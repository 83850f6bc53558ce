"""The one way a view honours a form's `next=`: back to the page the form was on.

`next` comes from the request, so anyone can write it: it is followed only to this site,
and on an https page only over https (an http:// address of our own host would send the
session's next request in clear).
"""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back(request, fallback):
    """Redirect to the POSTed `next` when it is safe, else to `fallback` (anything
    `redirect` takes)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # A path, never a view name: redirect("-1") would try to reverse it.
        return HttpResponseRedirect(target)
    return redirect(fallback)
