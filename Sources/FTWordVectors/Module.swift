// FTWordVectors: Word-vector readers (GloVe, word2vec), the binary cache and the embedding-matrix builder.
// This file names the module's concern; its concepts live one per file beside it.
