// FTNN: Neural-network layers with explicit backward passes, losses, initialisers, optimisers and the training engine.
// This file names the module's concern; its concepts live one per file beside it.
