"""Medborgarrapporter: anonymous tips from citizens, moderation and the Open311 GeoReport v2 API."""
