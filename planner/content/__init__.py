"""The content register: every milestone and item a plan can say, for a legal reviewer."""
