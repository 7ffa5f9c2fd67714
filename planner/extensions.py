"""Extension objects, created unbound here and initialised in order by create_app()."""

import sqlite3
from typing import TYPE_CHECKING, Any, ClassVar, cast

from flask_babel import Babel
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, Table, event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class Base(DeclarativeBase):
    metadata = metadata


db = SQLAlchemy(model_class=Base)
# The base class of every model. mypy cannot take a base class from an attribute of an object
# (db.Model, python/mypy#8603), so to the type checker a model is the declarative Base, typed
# through its Mapped[...] columns; at run time it is Flask-SQLAlchemy's db.Model, as before.
if TYPE_CHECKING:

    class Model(Base):
        __abstract__ = True
        # Each model maps exactly one Table, which Core's delete() and update() take; the
        # declarative base can only promise some FromClause.
        __table__: ClassVar[Table]

else:
    Model = db.Model


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched. Session.execute is typed to return a Result;
    for those statements it is a CursorResult, which has the count."""
    return cast(CursorResult[Any], result).rowcount


migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection: object, _record: object) -> None:
    """SQLite ignores ON DELETE CASCADE unless asked; erasure relies on it in both databases."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
