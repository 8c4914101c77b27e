import Foundation
import Testing

@testable import FTEvaluation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses SVG/XML text and collects the text content of every `<text>` element.
final class SVGTextCollector: NSObject, XMLParserDelegate {
    private(set) var texts: [String] = []
    private(set) var elementCount = 0
    private var current: String? = nil

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        elementCount += 1
        if elementName == "text" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current?.append(string) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text", let current {
            texts.append(current)
            self.current = nil
        }
    }
}

/// Checks that `svg` is well-formed XML whose `<text>` elements are exactly the canvas's placed texts, and that
/// every placed text's (conservatively estimated) extent lies inside its box and the box inside the canvas.
func expectValidSVG(_ svg: String, canvas: SVGCanvas, sourceLocation: SourceLocation = #_sourceLocation) {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = SVGTextCollector()
    parser.delegate = collector
    let parsed = parser.parse()
    #expect(
        parsed, "SVG is not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
    #expect(collector.texts == canvas.texts.map(\.text), sourceLocation: sourceLocation)
    for placed in canvas.texts {
        #expect(
            placed.box.contains(placed.bounds),
            "text \"\(placed.text)\" \(placed.bounds) overflows its box \(placed.box)", sourceLocation: sourceLocation)
        #expect(
            canvas.bounds.contains(placed.box), "box of \"\(placed.text)\" leaves the canvas",
            sourceLocation: sourceLocation)
    }
}
