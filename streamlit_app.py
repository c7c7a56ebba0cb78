"""The review desk: ``streamlit run streamlit_app.py`` (all the code is in ``reviewer/ui``)."""

from reviewer.ui.app import main

main()
