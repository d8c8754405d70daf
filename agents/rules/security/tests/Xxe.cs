using System.IO;
using System.Xml;

public class Xxe
{
    public XmlDocument Load(string xml)
    {
        var doc = new XmlDocument();
        // ruleid: S031
        doc.XmlResolver = new XmlUrlResolver();
        doc.LoadXml(xml);
        return doc;
    }

    public XmlDocument LoadSafe(string xml)
    {
        // ok: S031
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(xml);
        return doc;
    }

    public XmlReader Reader(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            // ruleid: S031
            DtdProcessing = DtdProcessing.Parse
        };
        return XmlReader.Create(stream, settings);
    }

    public XmlReader ReaderSafe(Stream stream)
    {
        // ok: S031
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit };
        return XmlReader.Create(stream, settings);
    }

    public void Legacy(Stream stream)
    {
        var settings = new XmlReaderSettings();
        // ruleid: S031
        settings.ProhibitDtd = false;
        // ruleid: S031
        var reader = new XmlTextReader(stream);
        reader.Read();
    }

    public void LegacySafe(Stream stream)
    {
        // ok: S031
        var reader = new XmlTextReader(stream);
        reader.DtdProcessing = DtdProcessing.Prohibit;
        reader.Read();
    }
}
