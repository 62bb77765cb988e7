"""Renderers: summaries and parsed pages as JSON, CSV, Markdown and self-contained HTML."""
