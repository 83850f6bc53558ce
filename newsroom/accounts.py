"""Signing out and changing one's own password: Django's views, plus a word on the page
each leads to."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone by now; the message travels in its cookie.
        messages.info(request, "You are logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any signed-in user changes their own password; the session stays signed in (Django
    updates its hash) and the home page says it is done."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed.")
        return response
