import javax.xml.XMLConstants;
import javax.xml.parsers.*;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.SchemaFactory;
import org.jdom2.input.SAXBuilder;

public class Xxe {
    private static final DocumentBuilderFactory SHARED = DocumentBuilderFactory.newInstance();

    Document parse(InputStream in) throws Exception {
        // ruleid: S031
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseSafe(InputStream in) throws Exception {
        // ok: S031
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(in);
    }

    void sax(InputStream in, DefaultHandler h) throws Exception {
        // ruleid: S031
        SAXParser parser = javax.xml.parsers.SAXParserFactory.newInstance().newSAXParser();
        parser.parse(in, h);
    }

    void stax(InputStream in) throws Exception {
        // ruleid: S031
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.createXMLStreamReader(in);
    }

    void staxSafe(InputStream in) throws Exception {
        // ok: S031
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.createXMLStreamReader(in);
    }

    void transform() throws Exception {
        // ruleid: S031
        TransformerFactory tf = TransformerFactory.newInstance();
    }

    void transformSafe() throws Exception {
        // ok: S031
        TransformerFactory tf2 = TransformerFactory.newInstance();
        tf2.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf2.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
    }

    void schema() throws Exception {
        // ruleid: S031
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // ruleid: S031
        SAXBuilder builder = new SAXBuilder();
        builder.build(in);
    }

    void expand() throws Exception {
        // ok: S031
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setExpandEntityReferences(false);
        // ok: S031
        String doc = "DocumentBuilderFactory.newInstance()";
    }
}
