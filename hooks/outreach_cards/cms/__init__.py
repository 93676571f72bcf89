"""The web editor (Decap CMS at /admin/): its configuration generated from the schemas and
registries, the admin page, and the live preview's data and stylesheet."""
