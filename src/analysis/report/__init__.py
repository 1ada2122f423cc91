"""The report stage: the house style and the figure functions, the notebook display layer for
tables, the notebook helpers and the interactive explorer; everything an analyst reads."""
