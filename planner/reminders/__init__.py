"""Reminders: a message in the family's language and channel ahead of each date that matters.

`models` holds the rows, `service` the named operations (opt in, opt out, rebuild, stop), `timing`
the clock rules (09:00 London, quiet hours), `dispatch` the beat-driven pass that claims due rows
and hands them to the delivery pipeline, and `messages` what each channel says.
"""
