import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

// MARK: - A small valid scenario, as JSON and as YAML

/// Two warehouses, three stores, three skus, lanes, two services with bands, a
/// policy and four orders (two shipped, two picked up).
let tinyScenarioJSON = #"""
    {
      "format": "omniroute.scenario/1",
      "name": "tiny-test",
      "description": "two warehouses, three stores",
      "now": "2026-11-23T08:00:00Z",
      "currency": "USD",
      "nodes": [
        {"id": "W-NJ", "kind": "warehouse", "name": "Edison DC", "location": {"lat": 40.5187, "lon": -74.4121},
         "ship_to_home": true, "pickup": false, "pick_cost_per_unit": 0.88, "handling_cost_per_leg": 1.5,
         "handling_days": 1, "capacity_units": null},
        {"id": "W-PA", "kind": "warehouse", "location": {"lat": 40.6084, "lon": -75.4902},
         "ship_to_home": true, "pickup": false, "pick_cost_per_unit": 0.81, "handling_cost_per_leg": 1.5,
         "handling_days": 2, "capacity_units": 500},
        {"id": "S-BOS", "kind": "store", "name": "Boston", "location": {"lat": 42.3601, "lon": -71.0589},
         "ship_to_home": true, "pickup": true, "pick_cost_per_unit": 2.5, "handling_cost_per_leg": 2,
         "handling_days": 0, "capacity_units": 40},
        {"id": "S-NYC", "kind": "store", "location": {"lat": 40.7128, "lon": -74.006},
         "ship_to_home": false, "pickup": true, "pick_cost_per_unit": 2.25, "handling_cost_per_leg": 2,
         "handling_days": 0},
        {"id": "S-PHL", "kind": "store", "location": {"lat": 39.9526, "lon": -75.1652},
         "ship_to_home": true, "pickup": false, "pick_cost_per_unit": 2, "handling_cost_per_leg": 2,
         "handling_days": 1, "capacity_units": null}
      ],
      "skus": [
        {"id": "SKU-1", "weight_kg": 1.5, "price": 20},
        {"id": "SKU-2", "weight_kg": 0.25, "price": 7.99},
        {"id": "SKU-3", "weight_kg": 12, "price": 149.5}
      ],
      "inventory": [
        {"node": "W-NJ", "sku": "SKU-1", "on_hand": 100, "reserved": 5, "safety_stock": 10},
        {"node": "W-NJ", "sku": "SKU-3", "on_hand": 8},
        {"node": "W-PA", "sku": "SKU-2", "on_hand": 250, "reserved": 0},
        {"node": "S-BOS", "sku": "SKU-1", "on_hand": 3, "reserved": 4},
        {"node": "S-NYC", "sku": "SKU-2", "on_hand": 6, "safety_stock": 2},
        {"node": "S-PHL", "sku": "SKU-3", "on_hand": 1}
      ],
      "services": [
        {"id": "ground", "bands": [
          {"max_km": 240, "transit_days": 1, "base_cost": 6.5, "cost_per_kg": 0.6},
          {"max_km": 800, "transit_days": 3, "base_cost": 8.25, "cost_per_kg": 1.1},
          {"max_km": null, "transit_days": 5, "base_cost": 10.1, "cost_per_kg": 1.9}]},
        {"id": "express", "bands": [
          {"max_km": 500, "transit_days": 1, "base_cost": 18, "cost_per_kg": 2.4}]}
      ],
      "lanes": [
        {"from": "W-NJ", "to": "S-NYC", "lead_days": 1, "cost_per_unit": 0.3, "cost_per_leg": 4},
        {"from": "W-PA", "to": "S-BOS", "lead_days": 3, "cost_per_unit": 0.45, "cost_per_leg": 6.5},
        {"from": "S-PHL", "to": "S-NYC", "lead_days": 2, "cost_per_unit": 0.5, "cost_per_leg": 3}
      ],
      "policy": {"split_penalty": 3.5, "late_penalty_per_day": 2, "lost_sale_factor": 1.25, "max_legs_per_order": 3},
      "orders": [
        {"id": "O-1001", "channel": "web", "customer_id": "C-77", "placed_at": "2026-11-23T07:12:00Z",
         "due_by": "2026-11-27", "delivery": {"mode": "ship", "location": {"lat": 42.36, "lon": -71.06}},
         "allow_split": true, "lines": [{"sku": "SKU-1", "qty": 2}, {"sku": "SKU-2", "qty": 1}]},
        {"id": "O-1002", "channel": "app", "customer_id": "C-78", "placed_at": "2026-11-23T06:30:00-05:00",
         "due_by": "2026-11-25", "delivery": {"mode": "pickup", "pickup_node": "S-NYC"},
         "lines": [{"sku": "SKU-2", "qty": 4}]},
        {"id": "O-1003", "channel": "call_center", "customer_id": "C-79", "placed_at": "2026-11-22T23:59:59.5+00:00",
         "due_by": "2026-11-30", "delivery": {"mode": "ship", "location": {"lat": 39.95, "lon": -75.17}},
         "allow_split": false, "lines": [{"sku": "SKU-3", "qty": 1}]},
        {"id": "O-1004", "channel": "marketplace", "customer_id": "C-80", "placed_at": "2026-11-23T07:12:00Z",
         "due_by": "2026-11-26", "delivery": {"mode": "pickup", "pickup_node": "S-BOS"},
         "allow_split": true, "lines": [{"sku": "SKU-1", "qty": 1}, {"sku": "SKU-3", "qty": 2}]}
      ]
    }
    """#

/// The same scenario in YAML (block and flow style mixed; dates and timestamps
/// left unquoted on purpose: they must reach the decoder as their text).
let tinyScenarioYAML = #"""
    format: omniroute.scenario/1
    name: tiny-test
    description: two warehouses, three stores
    now: 2026-11-23T08:00:00Z
    currency: USD
    nodes:
      - id: W-NJ
        kind: warehouse
        name: Edison DC
        location: {lat: 40.5187, lon: -74.4121}
        ship_to_home: true
        pickup: false
        pick_cost_per_unit: 0.88
        handling_cost_per_leg: 1.5
        handling_days: 1
        capacity_units: null
      - id: W-PA
        kind: warehouse
        location: {lat: 40.6084, lon: -75.4902}
        ship_to_home: true
        pickup: false
        pick_cost_per_unit: 0.81
        handling_cost_per_leg: 1.5
        handling_days: 2
        capacity_units: 500
      - id: S-BOS
        kind: store
        name: Boston
        location: {lat: 42.3601, lon: -71.0589}
        ship_to_home: true
        pickup: true
        pick_cost_per_unit: 2.5
        handling_cost_per_leg: 2
        handling_days: 0
        capacity_units: 40
      - id: S-NYC
        kind: store
        location: {lat: 40.7128, lon: -74.006}
        ship_to_home: false
        pickup: true
        pick_cost_per_unit: 2.25
        handling_cost_per_leg: 2
        handling_days: 0
      - id: S-PHL
        kind: store
        location: {lat: 39.9526, lon: -75.1652}
        ship_to_home: true
        pickup: false
        pick_cost_per_unit: 2
        handling_cost_per_leg: 2
        handling_days: 1
        capacity_units: ~
    skus:
      - {id: SKU-1, weight_kg: 1.5, price: 20}
      - {id: SKU-2, weight_kg: 0.25, price: 7.99}
      - {id: SKU-3, weight_kg: 12, price: 149.5}
    inventory:
      - {node: W-NJ, sku: SKU-1, on_hand: 100, reserved: 5, safety_stock: 10}
      - {node: W-NJ, sku: SKU-3, on_hand: 8}
      - {node: W-PA, sku: SKU-2, on_hand: 250, reserved: 0}
      - {node: S-BOS, sku: SKU-1, on_hand: 3, reserved: 4}
      - {node: S-NYC, sku: SKU-2, on_hand: 6, safety_stock: 2}
      - {node: S-PHL, sku: SKU-3, on_hand: 1}
    services:
      - id: ground
        bands:
          - {max_km: 240, transit_days: 1, base_cost: 6.5, cost_per_kg: 0.6}
          - {max_km: 800, transit_days: 3, base_cost: 8.25, cost_per_kg: 1.1}
          - {max_km: null, transit_days: 5, base_cost: 10.1, cost_per_kg: 1.9}
      - id: express
        bands:
          - {max_km: 500, transit_days: 1, base_cost: 18, cost_per_kg: 2.4}
    lanes:
      - {from: W-NJ, to: S-NYC, lead_days: 1, cost_per_unit: 0.3, cost_per_leg: 4}
      - {from: W-PA, to: S-BOS, lead_days: 3, cost_per_unit: 0.45, cost_per_leg: 6.5}
      - {from: S-PHL, to: S-NYC, lead_days: 2, cost_per_unit: 0.5, cost_per_leg: 3}
    policy:
      split_penalty: 3.5
      late_penalty_per_day: 2
      lost_sale_factor: 1.25
      max_legs_per_order: 3
    orders:
      - id: O-1001
        channel: web
        customer_id: C-77
        placed_at: 2026-11-23T07:12:00Z
        due_by: 2026-11-27
        delivery: {mode: ship, location: {lat: 42.36, lon: -71.06}}
        allow_split: true
        lines: [{sku: SKU-1, qty: 2}, {sku: SKU-2, qty: 1}]
      - id: O-1002
        channel: app
        customer_id: C-78
        placed_at: "2026-11-23T06:30:00-05:00"
        due_by: "2026-11-25"
        delivery: {mode: pickup, pickup_node: S-NYC}
        lines: [{sku: SKU-2, qty: 4}]
      - id: O-1003
        channel: call_center
        customer_id: C-79
        placed_at: 2026-11-22T23:59:59.5+00:00
        due_by: 2026-11-30
        delivery:
          mode: ship
          location: {lat: 39.95, lon: -75.17}
        allow_split: false
        lines:
          - sku: SKU-3
            qty: 1
      - id: O-1004
        channel: marketplace
        customer_id: C-80
        placed_at: 2026-11-23T07:12:00Z
        due_by: 2026-11-26
        delivery: {mode: pickup, pickup_node: S-BOS}
        allow_split: true
        lines: [{sku: SKU-1, qty: 1}, {sku: SKU-3, qty: 2}]
    """#

/// The tiny scenario's parsed JSON document.
func tinyDocument() throws -> Document { try JSONParser.parse(tinyScenarioJSON) }

// MARK: - Editing a document by path (for the bad-document cases)

/// One step of a path like `nodes[1].capacity_units`.
enum PathStep: Sendable, Equatable {
    case key(String)
    case index(Int)

    static func parse(_ path: String) -> [PathStep] {
        var steps: [PathStep] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { steps.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    steps.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }
}

/// A change to a document: set a value (adding the key, or appending when the
/// index is one past the end), remove a key or element, or rename a key.
enum DocumentEdit: Sendable, CustomStringConvertible {
    case set(String, Document)
    case remove(String)
    case rename(String, to: String)

    var description: String {
        switch self {
        case .set(let p, let v): "set \(p) = \(JSONWriter.write(v).trimmingCharacters(in: .whitespacesAndNewlines))"
        case .remove(let p): "remove \(p)"
        case .rename(let p, let k): "rename \(p) to \(k)"
        }
    }

    func apply(to document: Document) -> Document {
        switch self {
        case .set(let path, let value):
            return Self.edit(document, PathStep.parse(path)[...]) { _ in value }
        case .remove(let path):
            return Self.edit(document, PathStep.parse(path)[...]) { _ in nil }
        case .rename(let path, let newKey):
            let steps = PathStep.parse(path)
            var value: Document?
            let removed = Self.edit(document, steps[...]) { old in
                value = old
                return nil
            }
            var target = Array(steps.dropLast())
            target.append(.key(newKey))
            return Self.edit(removed, target[...]) { _ in value }
        }
    }

    /// Applies `change` to the value at `steps` (it receives the old value, nil if
    /// absent, and returns the new one, nil to remove it).
    static func edit(_ doc: Document, _ steps: ArraySlice<PathStep>, _ change: (Document?) -> Document?) -> Document {
        guard let step = steps.first else { return change(doc) ?? .null }
        let rest = steps.dropFirst()
        switch (step, doc) {
        case (.key(let key), .object(var pairs)):
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                if rest.isEmpty {
                    if let new = change(pairs[i].value) { pairs[i].value = new } else { pairs.remove(at: i) }
                } else {
                    pairs[i].value = edit(pairs[i].value, rest, change)
                }
            } else if rest.isEmpty, let new = change(nil) {
                pairs.append((key, new))
            } else {
                preconditionFailure("no key \(key) to edit")
            }
            return .object(pairs)
        case (.index(let i), .array(var items)):
            if rest.isEmpty {
                if i == items.count {
                    if let new = change(nil) { items.append(new) }
                } else if let new = change(items[i]) {
                    items[i] = new
                } else {
                    items.remove(at: i)
                }
            } else {
                items[i] = edit(items[i], rest, change)
            }
            return .array(items)
        default:
            preconditionFailure("path step \(step) does not fit \(doc.kindName)")
        }
    }
}

/// Decodes `document` and returns the issues it throws ([] when it decodes).
func decodingIssues(_ document: Document) -> [OmniRouteModel.Issue] {
    do {
        _ = try Scenario(document: document)
        return []
    } catch {
        return error.issues
    }
}

/// The bad-document cases: edits to the valid tiny scenario, and the issues
/// expected, each as a path and a fragment of its message.
struct BadScenarioCase: Sendable, CustomTestStringConvertible {
    var name: String
    var edits: [DocumentEdit]
    var expected: [(path: String, fragment: String)]

    init(_ name: String, _ edits: [DocumentEdit], _ expected: [(path: String, fragment: String)]) {
        self.name = name
        self.edits = edits
        self.expected = expected
    }

    var testDescription: String { name }

    static let all: [BadScenarioCase] = [
        // Unknown keys.
        .init(
            "capacity_units typo", [.rename("nodes[1].capacity_units", to: "capacity_unit")],
            [("nodes[1].capacity_unit", "unknown field")]),
        .init("unknown root key", [.set("comment", .string("hi"))], [("comment", "unknown field")]),
        .init(
            "unknown policy key", [.set("policy.split_penalti", .int(1))], [("policy.split_penalti", "unknown field")]),
        .init(
            "unknown band key", [.set("services[1].bands[0].min_km", .int(0))],
            [("services[1].bands[0].min_km", "unknown field")]),
        .init(
            "unknown order line key", [.set("orders[2].lines[0].quantity", .int(1))],
            [("orders[2].lines[0].quantity", "unknown field")]),
        // Missing required fields.
        .init(
            "order without customer_id", [.remove("orders[0].customer_id")],
            [("orders[0]", "missing required field 'customer_id'")]),
        .init(
            "order line without qty", [.remove("orders[1].lines[0].qty")],
            [("orders[1].lines[0]", "missing required field 'qty'")]),
        .init(
            "lane without lead_days", [.remove("lanes[1].lead_days")],
            [("lanes[1]", "missing required field 'lead_days'")]),
        .init(
            "band without transit_days", [.remove("services[1].bands[0].transit_days")],
            [("services[1].bands[0]", "missing required field 'transit_days'")]),
        .init(
            "location without lon", [.remove("orders[0].delivery.location.lon")],
            [("orders[0].delivery.location", "missing required field 'lon'")]),
        // Dangling references.
        .init(
            "inventory row names an unknown node", [.set("inventory[0].node", .string("W-XX"))],
            [("inventory[0].node", "unknown node \"W-XX\"")]),
        .init(
            "inventory row names an unknown sku", [.set("inventory[2].sku", .string("SKU-9"))],
            [("inventory[2].sku", "unknown sku \"SKU-9\"")]),
        .init(
            "lane from an unknown node", [.set("lanes[0].from", .string("W-ZZ"))],
            [("lanes[0].from", "unknown node \"W-ZZ\"")]),
        .init(
            "order line names an unknown sku", [.set("orders[1].lines[0].sku", .string("SKU-9"))],
            [("orders[1].lines[0].sku", "unknown sku \"SKU-9\"")]),
        .init(
            "pickup at an unknown node", [.set("orders[3].delivery.pickup_node", .string("S-XX"))],
            [("orders[3].delivery.pickup_node", "unknown node \"S-XX\"")]),
        // Duplicates.
        .init(
            "duplicate node id",
            [
                .set(
                    "nodes[5]",
                    .object([
                        ("id", .string("W-NJ")), ("kind", .string("warehouse")),
                        ("location", .object([("lat", .int(40)), ("lon", .int(-74))])),
                        ("ship_to_home", .bool(false)), ("pickup", .bool(false)),
                        ("pick_cost_per_unit", .int(1)), ("handling_cost_per_leg", .int(1)),
                        ("handling_days", .int(0)),
                    ]))
            ],
            [("nodes[5].id", "duplicate node id \"W-NJ\" (first at nodes[0])")]),
        .init(
            "duplicate sku",
            [.set("skus[3]", .object([("id", .string("SKU-2")), ("weight_kg", .double(0.5)), ("price", .int(3))]))],
            [("skus[3].id", "duplicate sku id \"SKU-2\" (first at skus[1])")]),
        .init(
            "second inventory row for a node and sku",
            [
                .set(
                    "inventory[6]",
                    .object([("node", .string("W-NJ")), ("sku", .string("SKU-1")), ("on_hand", .int(1))]))
            ],
            [("inventory[6]", "second row for node \"W-NJ\" and sku \"SKU-1\" (first at inventory[0])")]),
        .init(
            "second lane for the same pair",
            [
                .set(
                    "lanes[3]",
                    .object([
                        ("from", .string("W-NJ")), ("to", .string("S-NYC")), ("lead_days", .int(2)),
                        ("cost_per_unit", .int(0)), ("cost_per_leg", .int(1)),
                    ]))
            ],
            [("lanes[3]", "second lane W-NJ → S-NYC (first at lanes[0])")]),
        .init(
            "duplicate service id", [.set("services[1].id", .string("ground"))],
            [("services[1].id", "duplicate service id \"ground\"")]),
        .init(
            "duplicate order id", [.set("orders[2].id", .string("O-1001"))],
            [("orders[2].id", "duplicate order id \"O-1001\" (first at orders[0])")]),
        .init(
            "sku twice in one order", [.set("orders[3].lines[1].sku", .string("SKU-1"))],
            [("orders[3].lines[1].sku", "sku \"SKU-1\" appears twice in the order")]),
        // Ranges and kinds.
        .init(
            "negative on_hand", [.set("inventory[2].on_hand", .int(-1))],
            [("inventory[2].on_hand", "must be ≥ 0, got -1")]),
        .init(
            "negative reserved", [.set("inventory[0].reserved", .int(-3))],
            [("inventory[0].reserved", "must be ≥ 0, got -3")]),
        .init("qty 0", [.set("orders[0].lines[0].qty", .int(0))], [("orders[0].lines[0].qty", "≥ 1")]),
        .init(
            "real on_hand", [.set("inventory[1].on_hand", .double(3.5))],
            [("inventory[1].on_hand", "expected a whole number, got a number")]),
        .init(
            "on_hand beyond a billion", [.set("inventory[1].on_hand", .int(1_000_000_001))],
            [("inventory[1].on_hand", "must be ≤ 1000000000, got 1000000001")]),
        .init(
            "on_hand of Int.max", [.set("inventory[1].on_hand", .int(Int.max))],
            [("inventory[1].on_hand", "must be ≤ 1000000000")]),
        .init(
            "on_hand beyond Int64", [.set("inventory[1].on_hand", .double(1e30))],
            [("inventory[1].on_hand", "must be ≤ 1000000000, got 1e+30")]),
        .init(
            "lead_days beyond ten years", [.set("lanes[2].lead_days", .int(3_651))],
            [("lanes[2].lead_days", "must be ≤ 3650")]),
        .init("price beyond 1e9", [.set("skus[0].price", .double(2e9))], [("skus[0].price", "must be ≤ 1000000000")]),
        .init(
            "real lead_days", [.set("lanes[2].lead_days", .double(1.5))],
            [("lanes[2].lead_days", "expected a whole number")]),
        .init(
            "string where a number is required", [.set("skus[2].price", .string("149.50"))],
            [("skus[2].price", "expected a number, got a string")]),
        .init("weight 0", [.set("skus[0].weight_kg", .int(0))], [("skus[0].weight_kg", "must be > 0, got 0")]),
        .init(
            "negative pick cost", [.set("nodes[2].pick_cost_per_unit", .double(-0.5))],
            [("nodes[2].pick_cost_per_unit", "must be ≥ 0, got -0.5")]),
        .init(
            "latitude out of range", [.set("orders[2].delivery.location.lat", .int(91))],
            [("orders[2].delivery.location.lat", "between -90 and 90")]),
        .init(
            "negative split penalty", [.set("policy.split_penalty", .int(-1))],
            [("policy.split_penalty", "must be ≥ 0")]),
        .init(
            "max_legs_per_order 0", [.set("policy.max_legs_per_order", .int(0))],
            [("policy.max_legs_per_order", "must be ≥ 1, got 0")]),
        .init(
            "allow_split as a string", [.set("orders[0].allow_split", .string("yes"))],
            [("orders[0].allow_split", "expected true or false, got a string")]),
        .init(
            "bad node kind", [.set("nodes[4].kind", .string("depot"))],
            [("nodes[4].kind", "expected \"warehouse\" or \"store\", got \"depot\"")]),
        .init(
            "bad channel", [.set("orders[1].channel", .string("email"))],
            [("orders[1].channel", "expected one of web, app, store, call_center, marketplace")]),
        .init(
            "ship delivery with a pickup_node", [.set("orders[0].delivery.pickup_node", .string("S-BOS"))],
            [("orders[0].delivery.pickup_node", "unknown field")]),
        .init(
            "pickup delivery with a location",
            [.set("orders[1].delivery.location", .object([("lat", .int(1)), ("lon", .int(1))]))],
            [("orders[1].delivery.location", "unknown field")]),
        .init(
            "bad delivery mode", [.set("orders[0].delivery.mode", .string("drone"))],
            [("orders[0].delivery.mode", "expected \"ship\" or \"pickup\"")]),
        .init(
            "empty order lines", [.set("orders[1].lines", .array([]))],
            [("orders[1].lines", "an order needs at least one line")]),
        .init(
            "service without bands", [.set("services[1].bands", .array([]))],
            [("services[1].bands", "needs at least one band")]),
        .init("nodes not a list", [.set("nodes", .object([]))], [("nodes", "expected a list, got an object")]),
        // Structural rules.
        .init(
            "pickup: true on a warehouse", [.set("nodes[1].pickup", .bool(true))],
            [("nodes[1].pickup", "only stores offer pickup")]),
        .init(
            "lane into a store without pickup", [.set("lanes[0].to", .string("S-PHL"))],
            [("lanes[0].to", "\"S-PHL\" offers no pickup")]),
        .init(
            "lane into a warehouse", [.set("lanes[2].to", .string("W-PA"))],
            [("lanes[2].to", "\"W-PA\" offers no pickup")]),
        .init(
            "lane from a store to itself", [.set("lanes[2].from", .string("S-NYC"))],
            [("lanes[2]", "a lane cannot go from \"S-NYC\" to itself")]),
        .init(
            "pickup order at a non-pickup store", [.set("orders[1].delivery.pickup_node", .string("S-PHL"))],
            [("orders[1].delivery.pickup_node", "\"S-PHL\" is not a store with pickup: true")]),
        .init(
            "bands not increasing", [.set("services[0].bands[1].max_km", .int(200))],
            [("services[0].bands[1].max_km", "bands must increase")]),
        .init(
            "bands equal", [.set("services[0].bands[1].max_km", .int(240))],
            [("services[0].bands[1].max_km", "bands must increase")]),
        .init(
            "band after null", [.set("services[0].bands[1].max_km", .null)],
            [("services[0].bands[2].max_km", "no band may follow an unbounded (null) one")]),
        // Formats of strings.
        .init(
            "wrong format string", [.set("format", .string("omniroute.scenario/2"))],
            [("format", "expected \"omniroute.scenario/1\", got \"omniroute.scenario/2\"")]),
        .init(
            "plan format in a scenario", [.set("format", .string("omniroute.plan/1"))],
            [("format", "expected \"omniroute.scenario/1\"")]),
        .init(
            "now without a zone", [.set("now", .string("2026-11-23T08:00:00"))],
            [("now", "expected an ISO 8601 timestamp with a zone, got \"2026-11-23T08:00:00\"")]),
        .init(
            "placed_at with month 13", [.set("orders[2].placed_at", .string("2026-13-01T00:00:00Z"))],
            [("orders[2].placed_at", "expected an ISO 8601 timestamp with a zone")]),
        .init(
            "placed_at with hour 24", [.set("orders[0].placed_at", .string("2026-11-23T24:00:00Z"))],
            [("orders[0].placed_at", "expected an ISO 8601 timestamp with a zone")]),
        .init(
            "due_by on February 30", [.set("orders[0].due_by", .string("2026-02-30"))],
            [("orders[0].due_by", "expected a date YYYY-MM-DD, got \"2026-02-30\"")]),
        .init(
            "due_by with a time", [.set("orders[3].due_by", .string("2026-11-26T00:00:00Z"))],
            [("orders[3].due_by", "expected a date YYYY-MM-DD")]),
        .init("empty name", [.set("name", .string(""))], [("name", "must not be empty")]),
        // Services.
        .init(
            "ship orders but no services", [.remove("services")],
            [("services", "at least one service is required when an order ships to home (orders[0] does)")]),
        .init(
            "ship orders and an empty service list", [.set("services", .array([]))],
            [("services", "at least one service is required")]),
    ]
}

// MARK: - Tests

@Suite("Scenario decoding")
struct ScenarioDecodingTests {
    @Test("the tiny scenario decodes with the values written in it")
    func decodesTinyScenario() throws {
        let s = try Scenario(document: try tinyDocument())
        #expect(s.name == "tiny-test")
        #expect(s.description == "two warehouses, three stores")
        #expect(s.currency == "USD")
        #expect(s.now.text == "2026-11-23T08:00:00Z")
        #expect(s.today == CalendarDay(year: 2026, month: 11, day: 23))

        #expect(s.nodes.map(\.id) == ["W-NJ", "W-PA", "S-BOS", "S-NYC", "S-PHL"])
        #expect(s.nodes.map(\.kind) == [.warehouse, .warehouse, .store, .store, .store])
        #expect(s.nodes.map(\.name) == ["Edison DC", nil, "Boston", nil, nil])
        #expect(s.nodes.map(\.capacityUnits) == [nil, 500, 40, nil, nil])
        #expect(s.nodes.map(\.handlingDays) == [1, 2, 0, 0, 1])
        #expect(s.nodes.map(\.shipToHome) == [true, true, true, false, true])
        #expect(s.nodes.map(\.pickup) == [false, false, true, true, false])
        #expect(s.nodes[0].location == GeoPoint(lat: 40.5187, lon: -74.4121))
        #expect(s.nodes[0].pickCostPerUnit == 0.88)
        #expect(s.nodes[2].handlingCostPerLeg == 2.0)

        #expect(
            s.skus == [
                SKU(id: "SKU-1", weightKg: 1.5, price: 20), SKU(id: "SKU-2", weightKg: 0.25, price: 7.99),
                SKU(id: "SKU-3", weightKg: 12, price: 149.5),
            ])

        #expect(s.inventory.count == 6)
        #expect(s.inventory[0] == StockPosition(node: "W-NJ", sku: "SKU-1", onHand: 100, reserved: 5, safetyStock: 10))
        #expect(s.inventory[0].availableToPromise == 85)
        #expect(s.inventory[1] == StockPosition(node: "W-NJ", sku: "SKU-3", onHand: 8, reserved: 0, safetyStock: 0))
        #expect(s.inventory[3].availableToPromise == 0)  // 3 on hand, 4 reserved: never negative
        #expect(s.inventory[4].availableToPromise == 4)

        #expect(s.services.map(\.id) == ["ground", "express"])
        #expect(
            s.services[0].bands == [
                ServiceBand(maxKm: 240, transitDays: 1, baseCost: 6.5, costPerKg: 0.6),
                ServiceBand(maxKm: 800, transitDays: 3, baseCost: 8.25, costPerKg: 1.1),
                ServiceBand(maxKm: nil, transitDays: 5, baseCost: 10.1, costPerKg: 1.9),
            ])
        #expect(s.services[1].bands == [ServiceBand(maxKm: 500, transitDays: 1, baseCost: 18, costPerKg: 2.4)])

        #expect(
            s.lanes == [
                Lane(from: "W-NJ", to: "S-NYC", leadDays: 1, costPerUnit: 0.3, costPerLeg: 4),
                Lane(from: "W-PA", to: "S-BOS", leadDays: 3, costPerUnit: 0.45, costPerLeg: 6.5),
                Lane(from: "S-PHL", to: "S-NYC", leadDays: 2, costPerUnit: 0.5, costPerLeg: 3),
            ])
        #expect(s.policy == Policy(splitPenalty: 3.5, latePenaltyPerDay: 2, lostSaleFactor: 1.25, maxLegsPerOrder: 3))

        #expect(s.orders.map(\.id) == ["O-1001", "O-1002", "O-1003", "O-1004"])
        #expect(s.orders.map(\.channel) == [.web, .app, .callCenter, .marketplace])
        #expect(s.orders.map(\.customerId) == ["C-77", "C-78", "C-79", "C-80"])
        #expect(s.orders.map(\.allowSplit) == [true, true, false, true])  // O-1002 takes the default
        #expect(s.orders.map(\.dueBy.description) == ["2026-11-27", "2026-11-25", "2026-11-30", "2026-11-26"])
        #expect(s.orders[0].delivery == .ship(to: GeoPoint(lat: 42.36, lon: -71.06)))
        #expect(s.orders[1].delivery == .pickup(at: "S-NYC"))
        #expect(s.orders[3].delivery == .pickup(at: "S-BOS"))
        #expect(s.orders[0].lines == [OrderLine(sku: "SKU-1", qty: 2), OrderLine(sku: "SKU-2", qty: 1)])
        #expect(s.orders.map(\.units) == [3, 4, 1, 3])
        // 06:30-05:00 is 11:30 UTC; 23:59:59.5Z on the 22nd is the earliest.
        #expect(s.orders[1].placedAt == Timestamp(iso: "2026-11-23T11:30:00Z")!)
        #expect(
            s.orders[2].placedAt.secondsSinceEpoch == Timestamp(iso: "2026-11-23T00:00:00Z")!.secondsSinceEpoch - 0.5)
        // Arrival order: O-1003, then O-1001 and O-1004 tied at 07:12Z (by id), then O-1002.
        #expect(s.ordersInArrivalOrder == [2, 0, 3, 1])
    }

    @Test("optional sections take their defaults")
    func defaultsWhenAbsent() throws {
        var doc = try tinyDocument()
        for edit: DocumentEdit in [
            .remove("description"), .remove("currency"), .remove("lanes"), .remove("policy"),
            .remove("orders[2]"), .remove("orders[1]"),
        ] {
            doc = edit.apply(to: doc)
        }
        // Orders left: O-1001 (ship) and O-1004 (pickup at S-BOS, which no lane serves now).
        let s = try Scenario(document: doc)
        #expect(s.description == nil)
        #expect(s.currency == nil)
        #expect(s.lanes.isEmpty)
        #expect(s.policy == Policy(splitPenalty: 0, latePenaltyPerDay: 0, lostSaleFactor: 1.0, maxLegsPerOrder: nil))
        #expect(s.orders.map(\.id) == ["O-1001", "O-1004"])
    }

    @Test("no services are needed when no order ships to home")
    func noServicesWithoutShipOrders() throws {
        var doc = try tinyDocument()
        for edit: DocumentEdit in [.remove("services"), .remove("orders[2]"), .remove("orders[0]")] {
            doc = edit.apply(to: doc)
        }
        let s = try Scenario(document: doc)
        #expect(s.services.isEmpty)
        #expect(s.orders.map(\.id) == ["O-1002", "O-1004"])
    }

    @Test("the same scenario written in YAML decodes equal")
    func yamlEqualsJSON() throws {
        let fromJSON = try Scenario(document: try tinyDocument())
        let yamlDocument = try YAMLReader.parse(tinyScenarioYAML)
        let fromYAML = try Scenario(document: yamlDocument)
        #expect(fromYAML.document == fromJSON.document)
        // Unquoted YAML timestamps and dates reach the decoder as their text.
        #expect(yamlDocument["now"] == .string("2026-11-23T08:00:00Z"))
        #expect(
            yamlDocument["orders"].flatMap { if case .array(let a) = $0 { a[0]["due_by"] } else { nil } }
                == .string("2026-11-27"))
        #expect(fromYAML.orders[2].placedAt.text == "2026-11-22T23:59:59.5+00:00")
    }

    @Test("Scenario.document → JSON text → decode gives an equal document")
    func roundTrip() throws {
        let s = try Scenario(document: try tinyDocument())
        let doc = s.document
        for pretty in [false, true] {
            let text = JSONWriter.write(doc, pretty: pretty)
            let reparsed = try JSONParser.parse(text)
            #expect(reparsed == doc)
            let again = try Scenario(document: reparsed)
            #expect(again.document == doc)
            #expect(again.nodes == s.nodes)
            #expect(again.orders == s.orders)
            #expect(again.inventory == s.inventory)
            #expect(again.services == s.services)
            #expect(again.lanes == s.lanes)
            #expect(again.policy == s.policy)
        }
    }

    @Test("a bad document reports exactly the expected issue", arguments: BadScenarioCase.all)
    func badDocument(_ c: BadScenarioCase) throws {
        var doc = try tinyDocument()
        for edit in c.edits { doc = edit.apply(to: doc) }
        let issues = decodingIssues(doc)
        #expect(issues.count == c.expected.count, "issues: \(issues)")
        for (path, fragment) in c.expected {
            #expect(
                issues.contains { $0.path == path && $0.message.contains(fragment) },
                "expected \(path): …\(fragment)… among \(issues)")
        }
    }

    @Test("an invalid field's issue is reported even when other issues follow from it")
    func primaryIssueOfAnInvalidNode() throws {
        // A node that fails to decode must still be reported at its own field.
        let cases: [(DocumentEdit, String, String)] = [
            (
                .set("nodes[0].handling_days", .double(1.5)), "nodes[0].handling_days",
                "expected a whole number, got a number"
            ),
            (.remove("nodes[2].kind"), "nodes[2]", "missing required field 'kind'"),
            (.remove("skus[1].price"), "skus[1]", "missing required field 'price'"),
            (.set("nodes[3].capacity_units", .int(-5)), "nodes[3].capacity_units", "must be ≥ 0, got -5"),
        ]
        for (edit, path, fragment) in cases {
            let issues = decodingIssues(edit.apply(to: try tinyDocument()))
            #expect(issues.contains { $0.path == path && $0.message.contains(fragment) }, "\(edit): \(issues)")
        }
    }

    /// A node or sku that is present in the document but has an invalid field is
    /// not an *unknown* reference: only the field itself should be reported.
    @Test("an invalid but present node or sku is not also reported as unknown where it is referenced")
    func noSpuriousUnknownReferences() throws {
        let cases: [([DocumentEdit], String)] = [
            ([.set("nodes[0].handling_days", .double(1.5))], "nodes[0].handling_days"),
            ([.remove("nodes[2].kind")], "nodes[2]"),
            ([.remove("skus[1].price")], "skus[1]"),
            // The only service has an invalid band: the service is there, so no
            // "at least one service is required" on top.
            ([.remove("services[1]"), .set("services[0].bands[1].max_km", .int(100))], "services[0].bands[1].max_km"),
        ]
        for (edits, path) in cases {
            var doc = try tinyDocument()
            for edit in edits { doc = edit.apply(to: doc) }
            let issues = decodingIssues(doc)
            #expect(issues.map(\.path) == [path], "\(edits): \(issues)")
        }
    }

    /// With a duplicate sku id, the (node, sku) key of the inventory check must
    /// still be unique per pair: no made-up "second row" issues.
    @Test("a duplicate sku id does not make distinct inventory rows look like second rows")
    func duplicateSkuAndInventoryRows() throws {
        let doc = DocumentEdit.set(
            "skus[3]", .object([("id", .string("SKU-2")), ("weight_kg", .double(0.5)), ("price", .int(3))])
        )
        .apply(to: try tinyDocument())
        let issues = decodingIssues(doc)
        #expect(!issues.contains { $0.message.contains("second row") }, "\(issues)")
        #expect(issues.map(\.path) == ["skus[3].id"], "\(issues)")
    }

    @Test("a document with many errors reports all of them at once")
    func reportsAllIssues() throws {
        let edits: [DocumentEdit] = [
            .set("format", .string("omniroute.scenario/9")),
            .set("now", .string("yesterday")),
            .rename("nodes[1].capacity_units", to: "capacity_unit"),
            .set("nodes[1].pickup", .bool(true)),
            .set("skus[3]", .object([("id", .string("SKU-1")), ("weight_kg", .int(1)), ("price", .int(1))])),
            .set("inventory[2].on_hand", .int(-1)),
            .set("inventory[0].node", .string("W-XX")),
            .set("services[0].bands[1].max_km", .int(100)),
            .set("lanes[0].to", .string("S-PHL")),
            .set("policy.lost_sale_factor", .string("high")),
            .set("orders[0].lines[0].qty", .int(0)),
            .set("orders[1].delivery.pickup_node", .string("S-PHL")),
            .set("orders[2].due_by", .string("2026-11-31")),
            .set("orders[3].channel", .string("fax")),
        ]
        var doc = try tinyDocument()
        for edit in edits { doc = edit.apply(to: doc) }
        let issues = decodingIssues(doc)
        #expect(issues.count >= edits.count, "\(issues)")
        let expectedPaths = [
            "format", "now", "nodes[1].capacity_unit", "nodes[1].pickup", "skus[3].id", "inventory[2].on_hand",
            "inventory[0].node", "services[0].bands[1].max_km", "lanes[0].to", "policy.lost_sale_factor",
            "orders[0].lines[0].qty", "orders[1].delivery.pickup_node", "orders[2].due_by", "orders[3].channel",
        ]
        for path in expectedPaths {
            #expect(issues.contains { $0.path == path }, "no issue at \(path) in \(issues)")
        }
        let sections = Set(issues.map { $0.path.prefix { $0 != "[" && $0 != "." } })
        #expect(
            sections.isSuperset(of: [
                "format", "now", "nodes", "skus", "inventory", "services", "lanes", "policy", "orders",
            ]))
    }

    @Test("documents that are not objects at all")
    func notObjects() throws {
        #expect(decodingIssues(.array([])).map(\.message) == ["expected an object, got a list"])
        let issues = decodingIssues(.object([]))
        for key in ["format", "name", "now", "nodes", "skus", "inventory", "orders"] {
            #expect(issues.contains { $0.message == "missing required field '\(key)'" }, "\(key): \(issues)")
        }
        let orderNotObject = DocumentEdit.set("orders[1]", .int(7)).apply(to: try tinyDocument())
        #expect(
            decodingIssues(orderNotObject).map(\.description) == ["orders[1]: expected an object, got a whole number"])
    }

    @Test("DocumentFile reads a scenario and names the file and field on errors")
    func documentFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "omniroute-model-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("tiny.json").path
        let yaml = dir.appendingPathComponent("tiny.yaml").path
        try tinyScenarioJSON.write(toFile: json, atomically: true, encoding: .utf8)
        try tinyScenarioYAML.write(toFile: yaml, atomically: true, encoding: .utf8)
        let a = try DocumentFile.scenario(json)
        let b = try DocumentFile.scenario(yaml)
        #expect(a.document == b.document)

        let bad = dir.appendingPathComponent("bad.json").path
        try tinyScenarioJSON.replacingOccurrences(of: "\"qty\": 4", with: "\"qty\": 0").write(
            toFile: bad, atomically: true, encoding: .utf8)
        let error = #expect(throws: DocumentFile.ReadError.self) { try DocumentFile.scenario(bad) }
        #expect(error?.path == bad)
        #expect(
            error?.message.contains("orders[1].lines[0].qty: must be ≥ 1, got 0") == true,
            "\(String(describing: error))")
        #expect(throws: DocumentFile.ReadError.self) {
            try DocumentFile.read(dir.appendingPathComponent("missing.json").path)
        }
        #expect(throws: DocumentFile.ReadError.self) { try DocumentFile.parse(Data("{\"a\": }".utf8), path: "x.json") }
    }
}

// MARK: - The bundled scenarios

/// The package's `scenarios/` folder (three levels above this file).
let scenariosFolder = Paths.scenarios

let bundledScenarioNames: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? [])
    .filter { $0.hasSuffix(".json") && $0 != "national-large.json" }.sorted()

let runLargeScenarioTests: Bool = {
    #if DEBUG
        return ProcessInfo.processInfo.environment["OMNIROUTE_LARGE_TESTS"] == "1"
    #else
        return true
    #endif
}()

@Suite("Bundled scenarios")
struct BundledScenarioTests {
    @Test("the catalog is there")
    func catalogPresent() {
        #expect(bundledScenarioNames.count >= 3, "\(bundledScenarioNames)")
    }

    @Test("every bundled scenario decodes and round-trips", arguments: bundledScenarioNames)
    func decodes(_ name: String) throws {
        let s = try DocumentFile.scenario(scenariosFolder.appendingPathComponent(name).path)
        #expect(!s.nodes.isEmpty)
        #expect(!s.orders.isEmpty)
        let again = try Scenario(document: try JSONParser.parse(JSONWriter.write(s.document)))
        #expect(again.document == s.document)
    }

    /// The 21 MB national scenario, decoded once. About 15 s in a debug build on two
    /// cores, so it runs in release builds, or in debug with OMNIROUTE_LARGE_TESTS=1.
    @Test(
        "national-large.json decodes", .enabled(if: runLargeScenarioTests, "debug build; set OMNIROUTE_LARGE_TESTS=1"))
    func nationalLarge() throws {
        let path = scenariosFolder.appendingPathComponent("national-large.json").path
        let s = try DocumentFile.scenario(path)
        #expect(s.name == "national-large")
        #expect(!s.orders.isEmpty)
    }
}
