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

    @usableFromInline static let radiansPerDegree = Double.pi / 180

    /// A point with its latitude in radians and the cosine of it worked out once,
    /// for many distances from or to the same point.
    public struct Prepared: Sendable {
        public let latRad: Double
        public let cosLat: Double
        public let lon: Double

        public init(_ p: GeoPoint) {
            latRad = p.lat * GeoPoint.radiansPerDegree
            cosLat = cos(latRad)
            lon = p.lon
        }

        /// Great-circle distance in km by the haversine formula. The operations are
        /// ordered as in the reference checker, so that a distance on a band's
        /// boundary falls in the same band to the last bit.
        @inlinable
        public func distanceKm(to other: Prepared) -> Double {
            let dp = other.latRad - latRad
            let dl = (other.lon - lon) * GeoPoint.radiansPerDegree
            let h = Prepared.square(sin(dp / 2)) + cosLat * other.cosLat * Prepared.square(sin(dl / 2))
            return 2 * GeoPoint.earthRadiusKm * asin(min(1.0, h.squareRoot()))
        }

        /// `x ** 2` as the reference checker computes it: libm's `pow`, which is not
        /// always rounded like `x * x`. `x * x` is correctly rounded; when the exact
        /// square lies well inside its rounding interval (`fma` gives the exact error),
        /// `pow`, accurate to about half an ulp, returns the same value, so only the
        /// near-ties (a few percent) pay for the call. The exponent is opaque so that the
        /// compiler does not turn the call into a multiplication.
        @usableFromInline
        static func square(_ x: Double) -> Double {
            let p = x * x
            let error = (-p).addingProduct(x, x)  // exact: x·x − p
            if abs(error) <= 0.4 * p.ulp { return p }
            return pow(x, GeoPoint.two)
        }
    }

    @usableFromInline nonisolated(unsafe) static var two = 2.0

    /// Great-circle distance in km by the haversine formula (R = 6371.0 km).
    public func distanceKm(to other: GeoPoint) -> Double {
        Prepared(self).distanceKm(to: Prepared(other))
    }
}
