from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def health(request):
    """For load balancers and monitoring: is the database reachable?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
