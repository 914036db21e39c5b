"""URLs of citizen tips, in three namespaces (included once from laget/urls.py):

* ``tips`` – the moderation queue, for the collaboration's moderators;
* ``public_tips`` – the anonymous tip form and a tip's public status (no login);
* ``open311`` – the Open311 GeoReport v2 API at ``open311/v2/`` (no login).
"""

from django.urls import include, path

from laget.tips.open311 import api as open311_api

urlpatterns = [
    path("", include("laget.tips.internal_urls")),
    path("", include("laget.tips.public_urls")),
    path("open311/v2/", open311_api.urls),
]
