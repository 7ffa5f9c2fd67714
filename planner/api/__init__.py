"""The JSON API under /api/v1 that councils and partners script against."""
