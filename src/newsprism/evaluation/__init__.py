"""Quality measurements against public data sets; the CLI's ``eval`` commands only call these."""
