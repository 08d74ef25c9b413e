#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the earth in degrees.
public struct GeoPoint: Sendable, Hashable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Mean earth radius used by the model (FORMAT.md): 6371.0 km.
    public static let earthRadiusKm = 6371.0

    static let radiansPerDegree = Double.pi / 180

    /// Great-circle distance in km by the haversine formula.
    public func distanceKm(to other: GeoPoint) -> Double {
        // The operations are ordered as in the reference checker, so that a distance
        // on a band's boundary falls in the same band to the last bit.
        let p1 = lat * Self.radiansPerDegree, p2 = other.lat * Self.radiansPerDegree
        let dp = p2 - p1
        let dl = (other.lon - lon) * Self.radiansPerDegree
        let sdp = sin(dp / 2), sdl = sin(dl / 2)
        let h = sdp * sdp + cos(p1) * cos(p2) * (sdl * sdl)
        return 2 * Self.earthRadiusKm * asin(min(1.0, h.squareRoot()))
    }
}
