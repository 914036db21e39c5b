"""Models of laget.regional (issue 7)."""
