/// The scenario the plan and request fuzzers decode against: a cut of
/// `scenarios/northeast-small.json` written by `scripts/fuzz-seeds.py` (do not edit).
enum FixedScenario {
    static let json = #"""
        {
         "format": "omniroute.scenario/1",
         "name": "fuzz-fixed",
         "now": "2026-11-23T08:00:00Z",
         "currency": "USD",
         "description": "cut of northeast-small for the fuzzers",
         "nodes": [
          {
           "id": "DC-NJ-EDI",
           "kind": "warehouse",
           "name": "Edison DC",
           "location": {
            "lat": 40.5187,
            "lon": -74.4121
           },
           "ship_to_home": true,
           "pickup": false,
           "pick_cost_per_unit": 0.88,
           "handling_cost_per_leg": 1.5,
           "handling_days": 1,
           "capacity_units": null
          },
          {
           "id": "DC-PA-ALL",
           "kind": "warehouse",
           "name": "Allentown DC",
           "location": {
            "lat": 40.6084,
            "lon": -75.4902
           },
           "ship_to_home": true,
           "pickup": false,
           "pick_cost_per_unit": 0.81,
           "handling_cost_per_leg": 1.5,
           "handling_days": 1,
           "capacity_units": null
          },
          {
           "id": "S-NY-001",
           "kind": "store",
           "name": "New York City",
           "location": {
            "lat": 40.71427,
            "lon": -74.00597
           },
           "ship_to_home": true,
           "pickup": true,
           "pick_cost_per_unit": 2.46,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 52
          },
          {
           "id": "S-NY-002",
           "kind": "store",
           "name": "New York City",
           "location": {
            "lat": 40.76419,
            "lon": -73.99016
           },
           "ship_to_home": true,
           "pickup": true,
           "pick_cost_per_unit": 2.49,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 46
          },
          {
           "id": "S-NY-003",
           "kind": "store",
           "name": "New York City",
           "location": {
            "lat": 40.73607,
            "lon": -74.06084
           },
           "ship_to_home": true,
           "pickup": true,
           "pick_cost_per_unit": 3.03,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 27
          },
          {
           "id": "S-NY-004",
           "kind": "store",
           "name": "New York City",
           "location": {
            "lat": 40.65218,
            "lon": -74.04908
           },
           "ship_to_home": false,
           "pickup": true,
           "pick_cost_per_unit": 2.45,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 43
          },
          {
           "id": "S-PA-009",
           "kind": "store",
           "name": "Philadelphia",
           "location": {
            "lat": 39.93214,
            "lon": -75.24315
           },
           "ship_to_home": true,
           "pickup": true,
           "pick_cost_per_unit": 2.93,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 34
          },
          {
           "id": "S-MA-013",
           "kind": "store",
           "name": "Boston",
           "location": {
            "lat": 42.30859,
            "lon": -71.10522
           },
           "ship_to_home": true,
           "pickup": true,
           "pick_cost_per_unit": 3.24,
           "handling_cost_per_leg": 2.0,
           "handling_days": 0,
           "capacity_units": 54
          }
         ],
         "skus": [
          {
           "id": "SKU-00001",
           "weight_kg": 0.49,
           "price": 32.01
          },
          {
           "id": "SKU-00002",
           "weight_kg": 0.31,
           "price": 17.93
          },
          {
           "id": "SKU-00003",
           "weight_kg": 1.06,
           "price": 35.01
          },
          {
           "id": "SKU-00004",
           "weight_kg": 0.78,
           "price": 6.12
          },
          {
           "id": "SKU-00005",
           "weight_kg": 0.62,
           "price": 21.51
          },
          {
           "id": "SKU-00006",
           "weight_kg": 0.42,
           "price": 32.59
          },
          {
           "id": "SKU-00007",
           "weight_kg": 0.59,
           "price": 21.92
          },
          {
           "id": "SKU-00008",
           "weight_kg": 0.91,
           "price": 20.21
          },
          {
           "id": "SKU-00009",
           "weight_kg": 1.71,
           "price": 28.37
          },
          {
           "id": "SKU-00010",
           "weight_kg": 1.06,
           "price": 163.11
          },
          {
           "id": "SKU-00011",
           "weight_kg": 5.16,
           "price": 16.16
          },
          {
           "id": "SKU-00012",
           "weight_kg": 1.22,
           "price": 20.07
          },
          {
           "id": "SKU-00013",
           "weight_kg": 5.36,
           "price": 12.46
          },
          {
           "id": "SKU-00014",
           "weight_kg": 0.82,
           "price": 11.03
          },
          {
           "id": "SKU-00015",
           "weight_kg": 0.34,
           "price": 84.22
          },
          {
           "id": "SKU-00016",
           "weight_kg": 2.67,
           "price": 16.51
          },
          {
           "id": "SKU-00042",
           "weight_kg": 1.42,
           "price": 12.95
          }
         ],
         "inventory": [
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00001",
           "on_hand": 53,
           "reserved": 2,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00002",
           "on_hand": 22,
           "reserved": 2,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00003",
           "on_hand": 13,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00004",
           "on_hand": 13,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00005",
           "on_hand": 7,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00007",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00008",
           "on_hand": 7,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00009",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00010",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00011",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00012",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00013",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00014",
           "on_hand": 8,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00015",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00016",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-NJ-EDI",
           "sku": "SKU-00042",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00001",
           "on_hand": 49,
           "reserved": 3,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00002",
           "on_hand": 24,
           "reserved": 1,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00003",
           "on_hand": 11,
           "reserved": 1,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00004",
           "on_hand": 12,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00005",
           "on_hand": 10,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00006",
           "on_hand": 9,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00007",
           "on_hand": 8,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00008",
           "on_hand": 8,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00010",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00012",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00013",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00015",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00016",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "DC-PA-ALL",
           "sku": "SKU-00042",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00001",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00002",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00003",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00004",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00005",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00006",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00007",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00008",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00009",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00010",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00011",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00012",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00013",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00014",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-001",
           "sku": "SKU-00015",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00001",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00002",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00003",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00004",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00005",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00006",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00007",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00008",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00009",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00010",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00011",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00012",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00013",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-002",
           "sku": "SKU-00014",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00001",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00002",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00003",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00005",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00006",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00007",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00008",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00009",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00010",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00012",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00013",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00014",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00015",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-003",
           "sku": "SKU-00016",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00001",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00002",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00004",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00007",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00008",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00009",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00010",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00011",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00013",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00014",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-NY-004",
           "sku": "SKU-00016",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00001",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00002",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00003",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00004",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00005",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00006",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00007",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00008",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00009",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00010",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00011",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00012",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00013",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00014",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-PA-009",
           "sku": "SKU-00015",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00001",
           "on_hand": 5,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00002",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00003",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00004",
           "on_hand": 4,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00005",
           "on_hand": 1,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00006",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00007",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00008",
           "on_hand": 6,
           "reserved": 0,
           "safety_stock": 1
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00009",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00010",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00011",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00012",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00013",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00014",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00015",
           "on_hand": 2,
           "reserved": 0,
           "safety_stock": 0
          },
          {
           "node": "S-MA-013",
           "sku": "SKU-00016",
           "on_hand": 3,
           "reserved": 0,
           "safety_stock": 0
          }
         ],
         "services": [
          {
           "id": "ground",
           "bands": [
            {
             "max_km": 241,
             "transit_days": 1,
             "base_cost": 6.4,
             "cost_per_kg": 0.55
            },
            {
             "max_km": 483,
             "transit_days": 2,
             "base_cost": 6.95,
             "cost_per_kg": 0.7
            },
            {
             "max_km": 966,
             "transit_days": 3,
             "base_cost": 7.55,
             "cost_per_kg": 0.9
            },
            {
             "max_km": 1609,
             "transit_days": 3,
             "base_cost": 8.2,
             "cost_per_kg": 1.1
            },
            {
             "max_km": 2253,
             "transit_days": 4,
             "base_cost": 8.85,
             "cost_per_kg": 1.35
            },
            {
             "max_km": 2897,
             "transit_days": 5,
             "base_cost": 9.4,
             "cost_per_kg": 1.6
            },
            {
             "max_km": null,
             "transit_days": 5,
             "base_cost": 10.1,
             "cost_per_kg": 1.85
            }
           ]
          }
         ],
         "lanes": [
          {
           "from": "DC-NJ-EDI",
           "to": "S-NY-001",
           "lead_days": 1,
           "cost_per_unit": 0.3081,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-NJ-EDI",
           "to": "S-NY-002",
           "lead_days": 1,
           "cost_per_unit": 0.309,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-NJ-EDI",
           "to": "S-NY-003",
           "lead_days": 1,
           "cost_per_unit": 0.3076,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-NJ-EDI",
           "to": "S-NY-004",
           "lead_days": 1,
           "cost_per_unit": 0.3068,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-NJ-EDI",
           "to": "S-PA-009",
           "lead_days": 1,
           "cost_per_unit": 0.3192,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-NJ-EDI",
           "to": "S-MA-013",
           "lead_days": 1,
           "cost_per_unit": 0.368,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-NY-001",
           "lead_days": 1,
           "cost_per_unit": 0.3251,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-NY-002",
           "lead_days": 1,
           "cost_per_unit": 0.3255,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-NY-003",
           "lead_days": 1,
           "cost_per_unit": 0.3243,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-NY-004",
           "lead_days": 1,
           "cost_per_unit": 0.3243,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-PA-009",
           "lead_days": 1,
           "cost_per_unit": 0.3156,
           "cost_per_leg": 1.0
          },
          {
           "from": "DC-PA-ALL",
           "to": "S-MA-013",
           "lead_days": 1,
           "cost_per_unit": 0.3823,
           "cost_per_leg": 1.0
          },
          {
           "from": "S-NY-001",
           "to": "S-NY-002",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-001",
           "to": "S-NY-003",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-001",
           "to": "S-NY-004",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-002",
           "to": "S-NY-001",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-002",
           "to": "S-NY-003",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-002",
           "to": "S-NY-004",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-003",
           "to": "S-NY-001",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-003",
           "to": "S-NY-002",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-003",
           "to": "S-NY-004",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-004",
           "to": "S-NY-001",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-004",
           "to": "S-NY-002",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          },
          {
           "from": "S-NY-004",
           "to": "S-NY-003",
           "lead_days": 1,
           "cost_per_unit": 1.1,
           "cost_per_leg": 3.0
          }
         ],
         "policy": {
          "split_penalty": 4.0,
          "late_penalty_per_day": 6.0,
          "lost_sale_factor": 1.0,
          "max_legs_per_order": 3
         },
         "orders": [
          {
           "id": "O-000097",
           "channel": "app",
           "customer_id": "C-000092",
           "placed_at": "2026-11-23T02:00:08Z",
           "due_by": "2026-11-26",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.74664,
             "lon": -73.7668
            }
           },
           "lines": [
            {
             "sku": "SKU-00004",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000183",
           "channel": "call_center",
           "customer_id": "C-000059",
           "placed_at": "2026-11-23T02:01:28Z",
           "due_by": "2026-11-29",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.72982,
             "lon": -73.81778
            }
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 1
            },
            {
             "sku": "SKU-00014",
             "qty": 1
            },
            {
             "sku": "SKU-00016",
             "qty": 2
            }
           ]
          },
          {
           "id": "O-000075",
           "channel": "web",
           "customer_id": "C-000075",
           "placed_at": "2026-11-23T02:01:30Z",
           "due_by": "2026-11-28",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 42.48875,
             "lon": -70.95937
            }
           },
           "lines": [
            {
             "sku": "SKU-00002",
             "qty": 1
            },
            {
             "sku": "SKU-00012",
             "qty": 1
            },
            {
             "sku": "SKU-00042",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000069",
           "channel": "web",
           "customer_id": "C-000052",
           "placed_at": "2026-11-23T02:09:42Z",
           "due_by": "2026-11-27",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.77965,
             "lon": -73.90002
            }
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 1
            },
            {
             "sku": "SKU-00002",
             "qty": 1
            },
            {
             "sku": "SKU-00004",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000127",
           "channel": "web",
           "customer_id": "C-000025",
           "placed_at": "2026-11-23T02:16:51Z",
           "due_by": "2026-11-25",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.82022,
             "lon": -73.52232
            }
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000143",
           "channel": "app",
           "customer_id": "C-000026",
           "placed_at": "2026-11-23T02:18:52Z",
           "due_by": "2026-11-29",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.74423,
             "lon": -73.83365
            }
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 3
            },
            {
             "sku": "SKU-00006",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000186",
           "channel": "marketplace",
           "customer_id": "C-000074",
           "placed_at": "2026-11-23T02:23:16Z",
           "due_by": "2026-11-25",
           "delivery": {
            "mode": "pickup",
            "pickup_node": "S-NY-002"
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000176",
           "channel": "app",
           "customer_id": "C-000042",
           "placed_at": "2026-11-23T02:26:20Z",
           "due_by": "2026-11-29",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.37751,
             "lon": -74.42575
            }
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000054",
           "channel": "web",
           "customer_id": "C-000088",
           "placed_at": "2026-11-23T02:28:49Z",
           "due_by": "2026-11-23",
           "delivery": {
            "mode": "pickup",
            "pickup_node": "S-NY-001"
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000011",
           "channel": "app",
           "customer_id": "C-000084",
           "placed_at": "2026-11-23T02:37:35Z",
           "due_by": "2026-11-28",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.66112,
             "lon": -73.97484
            }
           },
           "lines": [
            {
             "sku": "SKU-00004",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000022",
           "channel": "store",
           "customer_id": "C-000011",
           "placed_at": "2026-11-23T02:38:01Z",
           "due_by": "2026-11-27",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.56831,
             "lon": -73.90121
            }
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000066",
           "channel": "store",
           "customer_id": "C-000012",
           "placed_at": "2026-11-23T02:39:26Z",
           "due_by": "2026-11-26",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.77074,
             "lon": -73.89856
            }
           },
           "lines": [
            {
             "sku": "SKU-00002",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000118",
           "channel": "web",
           "customer_id": "C-000057",
           "placed_at": "2026-11-23T02:40:14Z",
           "due_by": "2026-11-27",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.98483,
             "lon": -74.38067
            }
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 1
            },
            {
             "sku": "SKU-00006",
             "qty": 1
            }
           ]
          },
          {
           "id": "O-000151",
           "channel": "app",
           "customer_id": "C-000015",
           "placed_at": "2026-11-23T02:40:16Z",
           "due_by": "2026-11-26",
           "delivery": {
            "mode": "pickup",
            "pickup_node": "S-NY-001"
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 3
            },
            {
             "sku": "SKU-00008",
             "qty": 2
            }
           ]
          },
          {
           "id": "O-000084",
           "channel": "app",
           "customer_id": "C-000089",
           "placed_at": "2026-11-23T02:41:58Z",
           "due_by": "2026-11-29",
           "delivery": {
            "mode": "ship",
            "location": {
             "lat": 40.63694,
             "lon": -73.76815
            }
           },
           "lines": [
            {
             "sku": "SKU-00003",
             "qty": 1
            }
           ],
           "allow_split": false
          },
          {
           "id": "O-000036",
           "channel": "web",
           "customer_id": "C-000055",
           "placed_at": "2026-11-23T02:44:36Z",
           "due_by": "2026-11-25",
           "delivery": {
            "mode": "pickup",
            "pickup_node": "S-NY-004"
           },
           "lines": [
            {
             "sku": "SKU-00001",
             "qty": 1
            }
           ]
          }
         ]
        }
        """#
}
