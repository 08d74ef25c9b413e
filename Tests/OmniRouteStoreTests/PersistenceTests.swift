import Foundation
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

@Suite("Persistence")
struct PersistenceTests {
    private struct RollBack: Error {}

    @Test("reserve takes only units free beyond every hold and the safety stock, and says when it cannot")
    func conditionalReserve() throws {
        let store = try TinyNetwork.store()
        let now = TinyNetwork.now
        // DC-B holds 6 × SCARCE, 1 of them for an outside system and 1 as safety stock: 4 are free. The
        // database decides it, so that instances sharing it cannot hold the same unit twice.
        #expect(throws: RollBack.self) {
            try store.database.write { tx in
                #expect(try !tx.inventory.reserve(5, node: "DC-B", sku: "SCARCE", at: now))
                #expect(try !tx.inventory.reserve(1, node: "DC-B", sku: "NO-SUCH-SKU", at: now))
                #expect(try tx.inventory.reserve(4, node: "DC-B", sku: "SCARCE", at: now))
                #expect(try !tx.inventory.reserve(1, node: "DC-B", sku: "SCARCE", at: now))
                let row = try tx.inventory.all().first { $0.node == "DC-B" && $0.sku == "SCARCE" }
                #expect(row?.reserved == 4 && row?.reservedExternal == 1 && row?.onHand == 6)
                throw RollBack()
            }
        }
        #expect(try store.stock(node: "DC-B", sku: "SCARCE").reserved == 0)
        #expect(try store.check().isEmpty)
    }
}
