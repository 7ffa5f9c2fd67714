"""Delivering a plan by email, text message, posted letter or PDF download, exactly once, through
GOV.UK Notify (or the outbox in development). See DESIGN.md, "Delivery, exactly once"."""
