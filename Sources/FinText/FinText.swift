// FinText: the umbrella module. `import FinText` brings in every public module of the library.
@_exported public import FTClassifier
@_exported public import FTDataset
@_exported public import FTDistributed
@_exported public import FTEvaluation
@_exported public import FTIO
@_exported public import FTLinearAlgebra
@_exported public import FTLinearModels
@_exported public import FTMarket
@_exported public import FTNN
@_exported public import FTTelemetry
@_exported public import FTTensor
@_exported public import FTText
@_exported public import FTWordVectors
