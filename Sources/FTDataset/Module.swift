// FTDataset: the labelled document dataset — the manifest record (a section's text or text path, its filing's
// metadata, returns and label), reading and writing JSON Lines, and the dataset summary. FTMarket computes the
// returns and labels; FTClassifier and the dataset tools read the records (decision 0171).
// This file names the module's concern; its concepts live one per file beside it.
