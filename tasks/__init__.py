"""Celery tasks. Each takes ids (never personal data), loads its rows, calls a planner service and
records the outcome; a replayed message does nothing twice."""
