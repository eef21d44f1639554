"""Reports: what storytrace found, as HTML (one self-contained file), Markdown and JSON."""

from .articles import article_dict, render_articles_html, render_articles_markdown, write_report

__all__ = ["article_dict", "render_articles_html", "render_articles_markdown", "write_report"]
