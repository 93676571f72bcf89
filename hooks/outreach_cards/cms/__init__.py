"""The web editor at /admin/ (Decap CMS): its configuration, made from the schemas, and its page."""
