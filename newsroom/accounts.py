"""Signing out: Django's view, plus a word on the sign-in page it leads to."""

from django.contrib import messages
from django.contrib.auth import views as auth_views


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone by now; the message travels in its cookie.
        messages.info(request, "You are logged out.")
        return response
