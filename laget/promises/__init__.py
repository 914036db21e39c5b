"""Medborgarlöften: the public promise, its non-public activity plan, signatures and follow-up."""
