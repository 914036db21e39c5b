"""Browser tests: real Chromium through Playwright, with axe-core accessibility checks."""
