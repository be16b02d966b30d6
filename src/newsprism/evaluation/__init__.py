"""Measured quality: story detection against labelled corpora, summaries against editors' summaries."""
