/// The observers of one `Trainer.fit` call, called in order; what they throw becomes
/// `TrainingError.observer`.
struct ObserverList {
    private var observers: [any TrainingObserver]

    init(_ observers: [any TrainingObserver]) {
        self.observers = observers
    }

    /// Calls `body` on every observer in order, stopping at the first that throws.
    mutating func call(_ body: (inout any TrainingObserver) throws -> Void) throws(TrainingError) {
        for i in observers.indices {
            do { try body(&observers[i]) } catch { throw .observer("\(error)") }
        }
    }

    /// Passes a message to every observer.
    mutating func note(_ message: String) {
        for i in observers.indices { observers[i].note(message) }
    }

    /// Tells every observer that training failed with `failure`; their own errors are dropped (the
    /// training error is the one the caller sees).
    mutating func finish(_ history: History, failure: TrainingError) {
        for i in observers.indices { try? observers[i].trainingDidEnd(history, failure: failure) }
    }
}
