"""The Local Offer directory: services imported from Open Referral UK feeds, matched into plans.

Importing the models here registers the directory tables with the shared metadata, so
`db.create_all()` and Alembic autogenerate see them once create_app() imports this package.
"""

import planner.directory.models  # noqa: F401
