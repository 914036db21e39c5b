"""Medarbetardialoger and medborgardialoger: the records the medborgarlöfte gates count."""
