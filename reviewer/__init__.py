"""reviewer: finds paper requirements in Vietnamese legal documents and drafts proposals to abolish them.

The package follows the data: ``read`` (files to text blocks) → ``structure`` (blocks to cited clause units)
→ ``find`` (rule evidence) → ``classify`` (the trained model) → ``propose`` (proposals with a legal basis)
→ ``store`` (SQL, decisions) → ``scan`` (batch engines), with ``api`` as the one library surface that the
``cli`` and the ``ui`` sit on.
"""

__version__ = "0.1.0"
