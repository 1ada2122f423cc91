"""The report stage and the analyst's tools in JupyterLab: figures, notebook helpers, and widgets
for exploring the numbers and coding a validation sample."""
