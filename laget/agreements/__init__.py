"""Samverkansöverenskommelser (ENT-25) and who may sign them."""
