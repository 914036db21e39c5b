"""Models of laget.stats (issue 7)."""
