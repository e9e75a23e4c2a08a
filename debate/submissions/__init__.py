"""A citizen's text, from form to verdict: intake, screening, status, the worker."""
