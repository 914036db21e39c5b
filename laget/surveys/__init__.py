"""Trygghetsundersökningar: survey builder, anonymous answering and the analysis of rounds."""
