"""The site: the generated Markdown pages (``pages``), their templates, the card page's print
section, the repairs made to the HTML MkDocs writes (``htmlfix``) and each page's
Content-Security-Policy (``csp``)."""
