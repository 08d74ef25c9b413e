/// A hold the database refused: the position has no longer the units free that this
/// instance's stock book counted on (another instance sharing the database took them).
/// A placement reads the stock again and routes anew; elsewhere it fails the transaction.
struct StockChanged: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
