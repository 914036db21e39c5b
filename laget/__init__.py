"""Läget – knowledge-based local crime prevention in collaboration."""

__version__ = "0.1.0"
