"""Sign in and out. Throttling is django-axes (settings.AXES_*); sessions expire (SESSION_COOKIE_AGE)."""
from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "/masuk/"
