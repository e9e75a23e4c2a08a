"""Open data: published content as JSON (the API), feeds and bulk files."""
