"""Plans: the family's answers, their secret link, and the plan built from them."""
