"""The console Directory page's forms (govuk-frontend-wtf widgets, lazy_gettext strings)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp


class FeedSettingsForm(FlaskForm):  # type: ignore[misc]
    """Where the council's Open Referral UK feed is, and whether to re-import it every night."""

    feed_url = StringField(
        _l("Open Referral UK feed address"),
        widget=GovTextInput(),
        description=_l("The address your directory supplier gave you, starting with https://"),
        validators=[
            Optional(),
            Regexp(r"^https?://\S+$", message=_l("Enter a web address starting with https://")),
            Length(max=1000),
        ],
    )
    nightly = RadioField(
        _l("Import the feed again every night?"),
        widget=GovRadioInput(),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        default="no",
    )
    submit = SubmitField(_l("Save feed settings"), widget=GovSubmitInput())


class ServiceSearchForm(FlaskForm):  # type: ignore[misc]
    """Search the directory by name, feed id or description (GET: no personal data in it)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search services"), widget=GovTextInput(), validators=[Length(max=200)])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())
