"""The interactive labs, one package per family of topics.

Each family has the same three layers: pure models (numpy, pandas, networkx, DuckDB,
deltalake; no plotly, no streamlit), figures built from them (plotly, no streamlit) and a
face (streamlit) that wires widgets to both.
"""
