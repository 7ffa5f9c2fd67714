"""Several councils on one service: each council's settings and the host names it is served on.

A request's council comes from its Host header (`council_for_request`); the default council
(PLANNER_DEFAULT_COUNCIL) answers hosts no council claims, so a single-council installation
needs no hosts at all.
"""
