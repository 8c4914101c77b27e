// FTMarket: Price histories, event returns, market-normalised excess returns and per-industry bins.
// This file names the module's concern; its concepts live one per file beside it.
