"""`/not-me/<token>`: the "I did not ask for this" link every message carries (issue 16, B4).

GET only asks (link scanners and mail previews follow links; they must not block anyone); the
button POSTs, which blocks the recipient from every plan and stops reminders waiting to go to
them (planner.delivery.recipients). The token is the recipient's keyed hash and a signature: it
says nothing about who they are, and a made-up token is "Page not found".
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template

from planner.delivery import recipients
from planner.delivery.views import delivery
from planner.limits import limit_link_requests
from planner.plans.views import private
from planner.questionnaire.forms import SubmitForm


@delivery.route("/not-me/<token>", methods=["GET", "POST"])
@limit_link_requests
def not_me(token: str) -> Any:
    """Confirm, then block the recipient this link was made for."""
    key = recipients.key_for_token(token)
    if key is None:
        abort(404)
    form = SubmitForm()
    if form.validate_on_submit():
        recipients.block(key)
        html = render_template("delivery/not_me_done.html")
    else:
        html = render_template("delivery/not_me.html", form=form)
    return private(current_app.make_response(html))
