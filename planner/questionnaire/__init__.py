"""The questionnaire: one question per page, then "Check your answers"."""
