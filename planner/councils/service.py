"""Named operations on councils: create, update, and find the council a request is for.

This module commits council changes; views and the CLI call it. Host names are stored lower
case without a port or trailing dot, so `Council.Example:443` and `council.example` are one host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError

from planner.extensions import db
from planner.models import LOCAL_OFFER_LINKS, Council, CouncilHost
from planner.rules.types import LANGUAGES

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CouncilError(ValueError):
    """A council change that cannot be made; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def normalise_host(value: str) -> str:
    """A Host header or a typed host name as stored: lower case, no port, no trailing dot."""
    host = value.strip().lower()
    if host.startswith("["):  # an IPv6 literal keeps its colons
        return host.split("]")[0] + "]"
    return host.split(":")[0].rstrip(".")


def _check_host(value: str) -> str:
    host = normalise_host(value)
    if not HOST.match(host):
        raise CouncilError("host", f"{value!r} is not a host name")
    return host


def _check_url(field: str, value: str | None) -> str | None:
    from planner.directory.clean import web_url

    if value in (None, ""):
        return None
    notes: list[str] = []
    url = web_url(value, field, notes)
    if url is None or not url.startswith(("https://", "http://")):
        raise CouncilError(field, "must be an http or https address")
    return url


def find(code: str) -> Council | None:
    """The council with `code`, or None."""
    found: Council | None = db.session.execute(
        db.select(Council).filter_by(code=code)
    ).scalar_one_or_none()
    return found


def _set_hosts(council: Council, add: Iterable[str], remove: Iterable[str]) -> None:
    removing = {_check_host(h) for h in remove}
    council.hosts = [h for h in council.hosts if h.host not in removing]
    for host in dict.fromkeys(_check_host(h) for h in add):
        owner = db.session.execute(db.select(CouncilHost).filter_by(host=host)).scalar_one_or_none()
        if owner is not None and owner.council_id != council.id:
            raise CouncilError("host", f"{host} is already served for another council")
        if owner is None:
            council.hosts.append(CouncilHost(host=host))


def _apply(council: Council, fields: Mapping[str, Any]) -> None:
    """Set the given fields (None means "leave as it is")."""
    if fields.get("name") is not None:
        name = str(fields["name"]).strip()
        if not name or len(name) > 200:
            raise CouncilError("name", "must be 1 to 200 characters")
        council.name = name
    for key in ("contact_email", "contact_phone"):
        if fields.get(key) is not None:
            setattr(council, key, str(fields[key]).strip() or None)
    if fields.get("website") is not None:
        council.website = _check_url("website", fields["website"])
    if fields.get("feed_url") is not None:
        council.feed_url = _check_url("feed_url", fields["feed_url"])
    if fields.get("nightly_import") is not None:
        council.nightly_import = bool(fields["nightly_import"])
    if fields.get("return_address") is not None:
        council.return_address = [
            str(x).strip() for x in fields["return_address"] if str(x).strip()
        ]
    if fields.get("languages") is not None:
        languages = list(dict.fromkeys(fields["languages"]))
        unknown = [code for code in languages if code not in LANGUAGES]
        if unknown or "en" not in languages:
            raise CouncilError("languages", f"must include en and come from {' '.join(LANGUAGES)}")
        council.languages = languages
    if fields.get("email_reply_to_id") is not None:
        reply_to = str(fields["email_reply_to_id"]).strip().lower()
        if reply_to and not UUID.match(reply_to):
            raise CouncilError("email_reply_to_id", "must be a Notify reply-to id (a UUID)")
        council.email_reply_to_id = reply_to or None
    if fields.get("links") is not None:
        links = dict(council.links or {})
        for key, url in dict(fields["links"]).items():
            if key not in LOCAL_OFFER_LINKS:
                raise CouncilError("link", f"{key} is not one of {', '.join(LOCAL_OFFER_LINKS)}")
            checked = _check_url(f"link {key}", url)
            if checked is None:
                links.pop(key, None)
            else:
                links[key] = checked
        council.links = links
    _set_templates(council, fields)


def _set_templates(council: Council, fields: Mapping[str, Any]) -> None:
    """The council's own GOV.UK Notify template ids (the caseworker console's settings table)."""
    from planner.caseworker.models import CouncilSettings

    keys = ("notify_email_template_id", "notify_sms_template_id", "notify_letter_template_id")
    if all(fields.get(k) is None for k in keys):
        return
    db.session.flush()  # a new council needs its id first
    extra = db.session.get(CouncilSettings, council.id) or CouncilSettings(council_id=council.id)
    for key in keys:
        if fields.get(key) is not None:
            value = str(fields[key]).strip().lower()
            if value and not UUID.match(value):
                raise CouncilError(key, "must be a Notify template id (a UUID)")
            setattr(extra, key, value or None)
    db.session.add(extra)


def create_council(code: str, name: str, hosts: Iterable[str] = (), **fields: Any) -> Council:
    """A new council with the host names it is served on. Raises CouncilError (nothing stored)."""
    if not CODE.match(code):
        raise CouncilError("code", "must be 2 to 64 lower-case letters, digits or hyphens")
    if find(code) is not None:
        raise CouncilError("code", f"a council with the code {code} already exists")
    council = Council(code=code, name=name, languages=list(LANGUAGES), links={})
    try:
        db.session.add(council)
        _apply(council, {"name": name, **fields})
        _set_hosts(council, hosts, ())
        db.session.commit()
    except CouncilError:
        db.session.rollback()
        raise
    return council


def update_council(
    code: str, *, add_hosts: Iterable[str] = (), remove_hosts: Iterable[str] = (), **fields: Any
) -> Council:
    """Change a council's settings and hosts. Raises CouncilError (nothing stored)."""
    council = find(code)
    if council is None:
        raise CouncilError("code", f"no council with the code {code}")
    try:
        _apply(council, fields)
        _set_hosts(council, add_hosts, remove_hosts)
        db.session.commit()
    except CouncilError:
        db.session.rollback()
        raise
    return council


def describe(council: Council) -> dict[str, Any]:
    """A council's settings as JSON for the command line (no secrets: there are none here)."""
    from planner.caseworker.models import CouncilSettings

    extra = db.session.get(CouncilSettings, council.id)
    return {
        "code": council.code,
        "name": council.name,
        "hosts": [h.host for h in council.hosts],
        "contact_email": council.contact_email,
        "contact_phone": council.contact_phone,
        "website": council.website,
        "return_address": council.return_address or [],
        "languages": council.languages or list(LANGUAGES),
        "feed_url": council.feed_url,
        "nightly_import": council.nightly_import,
        "links": council.links or {},
        "email_reply_to_id": council.email_reply_to_id,
        "notify_email_template_id": extra.notify_email_template_id if extra else None,
        "notify_sms_template_id": extra.notify_sms_template_id if extra else None,
        "notify_letter_template_id": extra.notify_letter_template_id if extra else None,
    }


def council_for_host(host: str | None) -> Council | None:
    """The council served on `host`, else the default council (None when not set up yet)."""
    if host:
        owned: Council | None = db.session.execute(
            db.select(Council)
            .join(CouncilHost, CouncilHost.council_id == Council.id)
            .where(CouncilHost.host == normalise_host(host))
        ).scalar_one_or_none()
        if owned is not None:
            return owned
    return find(current_app.config["DEFAULT_COUNCIL"])


def council_for_request() -> Council | None:
    """This request's council (by its Host header), once per request; None when it is not set
    up yet or the database is away (error pages must still render)."""
    if not has_request_context():
        return find(current_app.config["DEFAULT_COUNCIL"])
    if "council" not in g:
        try:
            g.council = council_for_host(request.host)
        except SQLAlchemyError:
            db.session.rollback()
            g.council = None
    return g.council  # type: ignore[no-any-return]


def host_council() -> Council | None:
    """The council that claims this request's host name, or None when no council claims it
    (a single-council installation, or the service's shared address)."""
    council = council_for_request()
    if council is None or not has_request_context():
        return None
    host = normalise_host(request.host)
    return council if any(h.host == host for h in council.hosts) else None


def serves(council_id: int) -> bool:
    """True when this request's host may show data of the council `council_id`: its own hosts,
    or a host no council claims. On another council's host its plans and staff are not there."""
    claimed = host_council()
    return claimed is None or claimed.id == council_id


def use_council(council: Council) -> None:
    """Make `council` this request's council (a plan opened on the shared address shows its
    own council's name, contacts and links, not the default council's)."""
    g.council = council


def council_code_for_request() -> str:
    """The code of this request's council, or the default one (created on first use)."""
    council = council_for_request()
    return council.code if council is not None else current_app.config["DEFAULT_COUNCIL"]
