import Foundation

/// An amount in micro-currency units (1/1,000,000 of the currency's main unit), as the API sends
/// budgets, bids and spend. Kept as an exact integer; converted to `Decimal` only for display.
public struct MicroAmount: Hashable, Sendable, Comparable, Codable {
    /// The amount in millionths of the main unit.
    public var micros: Int

    /// Creates an amount from micro units.
    public init(micros: Int) { self.micros = micros }

    /// The exact amount in main units.
    public var decimal: Decimal { Decimal(micros) / Decimal(1_000_000) }

    public static func < (lhs: MicroAmount, rhs: MicroAmount) -> Bool { lhs.micros < rhs.micros }

    public init(from decoder: any Decoder) throws {
        micros = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(micros)
    }
}

/// How a currency is written: symbol and number of minor digits (ISO 4217).
public struct CurrencyStyle: Sendable, Equatable {
    /// Written before the amount: "$", "€", "CA$", or the code and a space.
    public var prefix: String
    /// Digits after the decimal point (0 for JPY, KRW, CLP).
    public var minorDigits: Int

    /// The style of a currency from the API; unknown codes are written as "CODE 1.00".
    public static func of(_ currency: Currency?) -> CurrencyStyle {
        let code = currency?.rawValue ?? "UNK"
        if let known = table[code] { return known }
        return CurrencyStyle(prefix: code == "UNK" ? "" : code + " ", minorDigits: 2)
    }

    private static let table: [String: CurrencyStyle] = [
        "USD": .init(prefix: "$", minorDigits: 2), "EUR": .init(prefix: "€", minorDigits: 2),
        "GBP": .init(prefix: "£", minorDigits: 2), "JPY": .init(prefix: "¥", minorDigits: 0),
        "KRW": .init(prefix: "₩", minorDigits: 0), "INR": .init(prefix: "₹", minorDigits: 2),
        "CAD": .init(prefix: "CA$", minorDigits: 2), "AUD": .init(prefix: "A$", minorDigits: 2),
        "NZD": .init(prefix: "NZ$", minorDigits: 2), "HKD": .init(prefix: "HK$", minorDigits: 2),
        "SGD": .init(prefix: "S$", minorDigits: 2), "MXN": .init(prefix: "MX$", minorDigits: 2),
        "BRL": .init(prefix: "R$", minorDigits: 2), "ILS": .init(prefix: "₪", minorDigits: 2),
        "TRY": .init(prefix: "₺", minorDigits: 2), "CLP": .init(prefix: "CLP ", minorDigits: 0),
        "PLN": .init(prefix: "PLN ", minorDigits: 2), "CHF": .init(prefix: "CHF ", minorDigits: 2),
    ]
}

/// Formats micro-currency amounts in an account's currency: USD 5,000,000 → "$5.00",
/// JPY 1,234,000,000 → "¥1,234". Rounds half away from zero at the currency's minor unit.
public struct MoneyFormatter: Sendable {
    /// The currency amounts are written in.
    public let currency: Currency?
    /// Its symbol and minor digits.
    public let style: CurrencyStyle
    /// Whether to use ASCII only (currency code instead of a non-ASCII symbol).
    public let asciiOnly: Bool

    /// Creates a formatter for a currency.
    public init(currency: Currency?, asciiOnly: Bool = false) {
        self.currency = currency
        self.style = CurrencyStyle.of(currency)
        self.asciiOnly = asciiOnly
    }

    /// "$5.00" for 5,000,000 micros in USD.
    public func format(_ amount: MicroAmount) -> String { format(micros: amount.micros) }

    /// "$5.00" for 5,000,000 micros in USD.
    public func format(micros: Int) -> String {
        let prefix = asciiOnly && !style.prefix.allSatisfy(\.isASCII)
            ? (currency?.rawValue ?? "") + " " : style.prefix
        let negative = micros < 0
        let magnitude = micros.magnitude  // UInt: safe for Int.min
        let unit: UInt = 1_000_000
        var whole = magnitude / unit
        var fraction = magnitude % unit
        let scale = pow10(6 - style.minorDigits)
        // Round half away from zero at the minor unit.
        var minor = fraction / scale
        if fraction % scale >= scale / 2 && scale > 1 { minor += 1 }
        let minorLimit = pow10(style.minorDigits)
        if minor >= minorLimit { minor -= minorLimit; whole += 1 }
        fraction = minor
        var text = grouped(whole)
        if style.minorDigits > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: style.minorDigits - digits.count) + digits
        }
        return (negative ? "-" : "") + prefix + text
    }

    /// A short form for narrow columns: "$1.2k", "$3.4M"; exact below 10,000 main units.
    public func formatCompact(micros: Int) -> String {
        let units = Double(micros) / 1_000_000
        let prefix = asciiOnly && !style.prefix.allSatisfy(\.isASCII)
            ? (currency?.rawValue ?? "") + " " : style.prefix
        let magnitude = abs(units)
        if magnitude < 10_000 { return format(micros: micros) }
        let sign = units < 0 ? "-" : ""
        let (value, suffix): (Double, String) = magnitude >= 1e9 ? (magnitude / 1e9, "B")
            : magnitude >= 1e6 ? (magnitude / 1e6, "M") : (magnitude / 1e3, "k")
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
        return sign + prefix + rounded + suffix
    }

    /// The shortest honest form, for tables: "$461", "$12.35", "$1.2k", "$46k", "$3.4M". Cents
    /// only below 100 main units; from 1,000 one decimal at most.
    public func formatShort(micros: Int) -> String {
        let units = Double(micros) / 1_000_000
        let magnitude = abs(units)
        if magnitude < 100 { return format(micros: micros) }
        let prefix = asciiOnly && !style.prefix.allSatisfy(\.isASCII)
            ? (currency?.rawValue ?? "") + " " : style.prefix
        let sign = units < 0 ? "-" : ""
        if magnitude < 999.5 { return sign + prefix + String(Int(magnitude.rounded())) }
        var value = magnitude / 1e3, suffix = "k"
        for next in ["M", "B", "T"] where value >= 999.5 {
            value /= 1e3
            suffix = next
        }
        let digits = value < 9.95 ? String(format: "%.1f", value) : String(Int(value.rounded()))
        return sign + prefix + (digits.hasSuffix(".0") ? String(digits.dropLast(2)) : digits) + suffix
    }

    private func pow10(_ n: Int) -> UInt {
        var result: UInt = 1
        for _ in 0..<max(0, n) { result *= 10 }
        return result
    }

    private func grouped(_ value: UInt) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
