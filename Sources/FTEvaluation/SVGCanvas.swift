internal import Foundation

/// An axis-aligned rectangle in SVG user units (pixels).
struct Box: Equatable {
    var x, y, width, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// Whether `other` lies inside this box (with a small tolerance for rounding).
    func contains(_ other: Box) -> Bool {
        other.x >= x - 1e-9 && other.y >= y - 1e-9 && other.maxX <= maxX + 1e-9 && other.maxY <= maxY + 1e-9
    }
}

/// Conservative text measurement for the monospace font the charts use.
enum TextMetrics {
    /// The font stack of every chart text: monospace, so that widths are predictable.
    static let fontFamily = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

    /// Estimated advance width: 0.62 em per character (monospace fonts use 0.60), 1.25 em for a character outside
    /// Latin/Greek/Cyrillic (East Asian wide characters take two cells), so the estimate errs on the wide side.
    static func width(_ text: String, fontSize: Double) -> Double {
        text.reduce(0.0) { sum, character in
            let narrow = character.unicodeScalars.allSatisfy {
                $0.value < 0x0500 || (0x2000...0x22FF).contains($0.value)
            }
            return sum + (narrow ? 0.62 : 1.25) * fontSize
        }
    }

    /// `text` cut to at most `limit` characters, with an ellipsis when cut.
    static func truncated(_ text: String, limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// A text placed on a canvas: its estimated extent and the box it must stay inside (checked by tests).
struct PlacedText: Equatable {
    var text: String
    var bounds: Box
    var box: Box
}

/// Builds an SVG document and records every text's extent against the box it belongs to.
struct SVGCanvas {
    enum Anchor: String { case start, middle, end }

    let width: Double
    let height: Double
    private(set) var elements: [String] = []
    private(set) var texts: [PlacedText] = []
    var definitions: [String] = []

    init(width: Double, height: Double) {
        self.width = width.rounded(.up)
        self.height = height.rounded(.up)
    }

    mutating func rect(
        _ box: Box, fill: String, stroke: String? = nil, strokeWidth: Double = 1, radius: Double = 0,
        title: String? = nil
    ) {
        var attributes =
            "x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"" }
        if radius > 0 { attributes += " rx=\"\(n(radius))\"" }
        if let title {
            elements.append("<rect \(attributes)><title>\(SVGCanvas.escape(title))</title></rect>")
        } else {
            elements.append("<rect \(attributes)/>")
        }
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        var attributes =
            "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        elements.append("<line \(attributes)/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        guard points.count >= 2 else { return }
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var attributes =
            "points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        elements.append("<polyline \(attributes)/>")
    }

    mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, title: String? = nil
    ) {
        var attributes = "cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"1.5\"" }
        if let title {
            elements.append("<circle \(attributes)><title>\(SVGCanvas.escape(title))</title></circle>")
        } else {
            elements.append("<circle \(attributes)/>")
        }
    }

    /// Places `text` on one line inside `box`, vertically centred, aligned by `anchor` with `padding` from the
    /// box's side; records its estimated extent for the containment tests.
    mutating func text(
        _ text: String, in box: Box, fontSize: Double = 12, anchor: Anchor = .middle, padding: Double = 4,
        fill: String = "#1a1a1a", bold: Bool = false
    ) {
        let width = TextMetrics.width(text, fontSize: fontSize)
        let x: Double
        let left: Double
        switch anchor {
        case .start:
            x = box.x + padding
            left = x
        case .middle:
            x = box.midX
            left = x - width / 2
        case .end:
            x = box.maxX - padding
            left = x - width
        }
        // Baseline so that the em box (0.8 em ascent, 0.25 em descent) is centred vertically.
        let baseline = box.midY + 0.275 * fontSize
        texts.append(
            PlacedText(
                text: text,
                bounds: Box(
                    x: left, y: baseline - 0.8 * fontSize, width: width,
                    height: 1.05 * fontSize), box: box))
        var attributes = "x=\"\(n(x))\" y=\"\(n(baseline))\" font-size=\"\(n(fontSize))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        elements.append("<text \(attributes)>\(SVGCanvas.escape(text))</text>")
    }

    /// The complete standalone document (with XML declaration when `standalone`), or an inline `<svg>` element.
    func document(id: String, title: String, description: String, standalone: Bool) -> String {
        var out = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" width=\"\(n(width))\" height=\"\(n(height))\" "
        out += "viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" "
        out += "font-family=\"\(TextMetrics.fontFamily)\">\n"
        out += "<title id=\"\(id)-title\">\(SVGCanvas.escape(title))</title>\n"
        out += "<desc>\(SVGCanvas.escape(description))</desc>\n"
        if !definitions.isEmpty { out += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        out += elements.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }

    /// The canvas's outer box.
    var bounds: Box { Box(x: 0, y: 0, width: width, height: height) }

    /// XML text escaping.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with at most 2 decimals.
    private func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }
}

/// The sequential "Blues" colour scale (ColorBrewer), t in [0, 1] from near-white to dark blue.
enum ColorScale {
    private static let stops: [(Double, Double, Double)] = [
        (247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214),
        (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107),
    ]

    /// The colour at `t` (clamped to [0, 1]) as `#rrggbb`.
    static func color(_ t: Double) -> String {
        let clamped = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(clamped), stops.count - 2)
        let f = clamped - Double(i)
        let a = stops[i]
        let b = stops[i + 1]
        let channels = [a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f]
        return "#" + channels.map { String(format: "%02x", Int($0.rounded())) }.joined()
    }

    /// Text colour readable on the fill for `t`: white on dark cells.
    static func textColor(_ t: Double) -> String { t > 0.55 ? "#ffffff" : "#1a1a1a" }

    /// SVG gradient stops for a legend bar.
    static func gradientStops() -> String {
        (0...8).map { i in
            let t = Double(i) / 8
            return "<stop offset=\"\(Int(t * 100))%\" stop-color=\"\(color(t))\"/>"
        }.joined()
    }
}
