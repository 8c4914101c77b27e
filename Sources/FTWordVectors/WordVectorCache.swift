/// How `WordVectors.load` uses the binary cache file (`WordVectors.cachePath(for:in:)`, in
/// `$XDG_CACHE_HOME/fintext` or `~/.cache/fintext` unless another folder is given).
public enum WordVectorCache: Sendable, Equatable {
    /// Load the cache when it is valid for the source; otherwise parse the source and (re)write it.
    case automatic
    /// Ignore any existing cache, parse the source and rewrite the cache.
    case rebuild
    /// Neither read nor write a cache.
    case disabled
}
