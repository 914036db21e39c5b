"""The analysis package: the arithmetic behind the lägesbild, kept pure.

The rule: nothing in ``laget.analysis`` imports Django (or any other part of Läget that does).
Functions here take plain numbers and mappings and return plain numbers and dicts, so they can be
tested without a database (STYLE.md §11), reused from scripts and notebooks, and reasoned about
on their own. Views and services fetch the data, call these functions and present the result.
``tests/test_rates.py`` fails if a module in this package imports Django.
"""
