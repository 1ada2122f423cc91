"""The report stage: the house style and the figure functions, the notebook display layer for
tables, the notebook helpers, the interactive explorer and the coding widget; everything an analyst reads."""
