"""The site: the generated Markdown pages (``pages``), their templates, the card page's print
section, and the repairs made to the HTML MkDocs writes (``htmlfix``)."""
