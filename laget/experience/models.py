"""Models of laget.experience (issue 7)."""
