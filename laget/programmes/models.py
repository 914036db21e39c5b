"""Models of laget.programmes (issue 7)."""
