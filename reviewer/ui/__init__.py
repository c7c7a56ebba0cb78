"""The Streamlit review desk (``streamlit run streamlit_app.py``): the only package that knows Streamlit.

``services``, ``upload`` and ``learning`` are plain functions over :mod:`reviewer.api` (testable without
Streamlit); ``app``, ``queue`` and ``pages`` draw the pages.
"""
