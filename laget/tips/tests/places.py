"""Places the citizen-tip tests use (WGS 84, as the form sends them)."""

#: Inside Fagersta (the demo's Centrum area), inside Sweden but in Ludvika, and in Oslo.
FAGERSTA_CENTRUM = ("60.0040", "15.7940")
LUDVIKA_CENTRUM = ("60.1490", "15.1880")
OSLO = ("59.9139", "10.7522")
