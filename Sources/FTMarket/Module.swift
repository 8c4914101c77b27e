// FTMarket: Price histories, event returns, market-normalised excess returns, per-industry bins and the dataset manifest.
// This file names the module's concern; its concepts live one per file beside it.
