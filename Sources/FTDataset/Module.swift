// FTDataset: the labelled document dataset — the manifest record (a section's text or text path, its filing's
// metadata, returns and label), reading and writing JSON Lines, and the dataset summary. FTMarket computes the
// returns and labels; FTClassifier and the dataset tools read the records (decision 0171). It also holds the
// sharded token datasets that corpora larger than memory are trained from (docs/dataset-format.md, 0160-0163).
// This file names the module's concern; its concepts live one per file beside it.
