// FTText: 10-K filing reading, section extraction, cleaning, the Keras-compatible tokenizer and padding.
// This file names the module's concern; its concepts live one per file beside it.
