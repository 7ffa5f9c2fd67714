"""The Celery app bound to create_app().

Run `celery -A celery_app worker` and `celery -A celery_app beat`.
"""

from planner import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
app = celery
