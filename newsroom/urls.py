from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from newsroom.accounts import LogoutView, PasswordChangeView
from newsroom.health import health

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("", include("annotations.urls")),
]

# A lost database connection outside a view (session, user) gets the 503 page too.
handler500 = "newsroom.middleware.server_error"
