"""Exchange with the QDA suites (NVivo, ATLAS.ti, MAXQDA, QualCoder) through the REFI-QDA
standard: the coded sessions as a `.qdpx` project, the codebook as a `.qdc`, and codings
made or corrected in a suite read back onto the project's sentences."""
