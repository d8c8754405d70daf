using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Formatters.Binary;
using System.Web.Script.Serialization;
using System.Web.UI;
using Newtonsoft.Json;

public class InsecureDeserialization
{
    public object Read(Stream stream)
    {
        // ruleid: S030
        var formatter = new BinaryFormatter();
        return formatter.Deserialize(stream);
    }

    public object ReadQualified(Stream stream)
    {
        // ruleid: S030
        return new System.Runtime.Serialization.Formatters.Binary.BinaryFormatter().Deserialize(stream);
    }

    public object Others(Stream stream, string text)
    {
        // ruleid: S030
        var ndc = new NetDataContractSerializer();
        // ruleid: S030
        var los = new LosFormatter();
        // ruleid: S030
        var osf = new ObjectStateFormatter();
        // ruleid: S030
        var js = new JavaScriptSerializer(new SimpleTypeResolver());
        // ok: S030
        var plain = new JavaScriptSerializer();
        return js.DeserializeObject(text);
    }

    public object Json(string text)
    {
        var settings = new JsonSerializerSettings
        {
            // ruleid: S030
            TypeNameHandling = TypeNameHandling.All
        };
        return JsonConvert.DeserializeObject(text, settings);
    }

    public object JsonAuto(string text)
    {
        var settings = new JsonSerializerSettings();
        // ruleid: S030
        settings.TypeNameHandling = TypeNameHandling.Auto;
        // ok: S030
        settings.MetadataPropertyHandling = MetadataPropertyHandling.Default;
        return JsonConvert.DeserializeObject(text, settings);
    }

    public object JsonBound(string text)
    {
        var settings = new JsonSerializerSettings
        {
            // ok: S030
            TypeNameHandling = TypeNameHandling.Objects,
            SerializationBinder = new KnownTypesBinder()
        };
        return JsonConvert.DeserializeObject(text, settings);
    }

    public object JsonNone(string text)
    {
        // ok: S030
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
        // ok: S030
        var serializer = new DataContractSerializer(typeof(Order));
        return JsonConvert.DeserializeObject<Order>(text, settings);
    }
}
