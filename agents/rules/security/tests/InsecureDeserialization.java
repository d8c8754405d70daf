import java.beans.XMLDecoder;
import java.io.*;
import com.thoughtworks.xstream.XStream;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.lang3.SerializationUtils;

public class InsecureDeserialization {
    Object read(InputStream in) throws Exception {
        // ruleid: S030
        ObjectInputStream ois = new ObjectInputStream(in);
        return ois.readObject();
    }

    Object readInline(byte[] data) throws Exception {
        // ruleid: S030
        return new java.io.ObjectInputStream(new ByteArrayInputStream(data)).readObject();
    }

    Object readFiltered(InputStream in) throws Exception {
        // ok: S030
        ObjectInputStream ois = new ObjectInputStream(in);
        ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.*;!*"));
        return ois.readObject();
    }

    Object readLookAhead(InputStream in) throws Exception {
        // ok: S030
        ObjectInputStream ois = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (!desc.getName().startsWith("com.example.")) throw new InvalidClassException(desc.getName());
                return super.resolveClass(desc);
            }
        };
        return ois.readObject();
    }

    Object beans(InputStream in) {
        // ruleid: S030
        XMLDecoder decoder = new XMLDecoder(in);
        return decoder.readObject();
    }

    Object xstream(String xml) {
        // ruleid: S030
        XStream xs = new XStream();
        return xs.fromXML(xml);
    }

    Object xstreamAllowList(String xml) {
        // ok: S030
        XStream xs = new XStream();
        xs.allowTypes(new Class[] {Order.class});
        return xs.fromXML(xml);
    }

    Object yaml(String text) {
        // ruleid: S030
        Yaml yaml = new Yaml();
        // ok: S030
        Yaml safe = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(text);
    }

    ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        // ruleid: S030
        mapper.enableDefaultTyping();
        // ruleid: S030
        mapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL);
        // ok: S030
        mapper.activateDefaultTyping(validator, ObjectMapper.DefaultTyping.NON_FINAL);
        return mapper;
    }

    Object kryo(Kryo kryo, Input input) {
        // ruleid: S030
        kryo.setRegistrationRequired(false);
        // ok: S030
        kryo.setRegistrationRequired(true);
        return kryo.readClassAndObject(input);
    }

    Object commons(byte[] data) {
        // ruleid: S030
        return SerializationUtils.deserialize(data);
    }

    void write(OutputStream out, Object value) throws IOException {
        // ok: S030
        ObjectOutputStream oos = new ObjectOutputStream(out);
        oos.writeObject(value);
        // ok: S030
        String hint = "new ObjectInputStream(in) is dangerous";
    }
}
