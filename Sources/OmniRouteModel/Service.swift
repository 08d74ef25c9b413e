/// A parcel service to a customer's home, priced by distance band.
public struct Service: Sendable, Hashable {
    public var id: String
    /// In increasing `maxKm`; only the last may be unbounded.
    public var bands: [ServiceBand]
    /// The days the carrier moves and delivers parcels.
    public var calendar: WorkCalendar

    public init(id: String, bands: [ServiceBand], calendar: WorkCalendar = .always) {
        self.id = id
        self.bands = bands
        self.calendar = calendar
    }

    /// The first band whose `maxKm` reaches the distance; nil when the service does not reach it.
    public func band(forKm km: Double) -> ServiceBand? { bandIndex(forKm: km).map { bands[$0] } }

    /// The position of the first band whose `maxKm` reaches the distance.
    @inlinable
    public func bandIndex(forKm km: Double) -> Int? {
        for (i, band) in bands.enumerated() where band.maxKm.map({ km <= $0 }) ?? true { return i }
        return nil
    }
}

/// One distance band of a service.
public struct ServiceBand: Sendable, Hashable {
    /// Upper distance of the band, inclusive; nil is unbounded.
    public var maxKm: Double?
    public var transitDays: Int
    public var baseCost: Double
    public var costPerKg: Double

    public init(maxKm: Double?, transitDays: Int, baseCost: Double, costPerKg: Double) {
        self.maxKm = maxKm
        self.transitDays = transitDays
        self.baseCost = baseCost
        self.costPerKg = costPerKg
    }
}
