// FTClassifier: The 10-K stock-performance classifier: the study's pipeline composed from the other modules.
// This file names the module's concern; its concepts live one per file beside it.
