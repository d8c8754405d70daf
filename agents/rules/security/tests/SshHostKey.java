import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.util.Hashtable;
import java.util.Properties;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;

class SshHostKey {
    Session insecure(String user, String host) throws Exception {
        JSch jsch = new JSch();
        Session session = jsch.getSession(user, host, 22);
        // ruleid: S026
        session.setConfig("StrictHostKeyChecking", "no");
        // ruleid: S026
        JSch.setConfig("StrictHostKeyChecking", "no");
        Properties config = new Properties();
        // ruleid: S026
        config.put("StrictHostKeyChecking", "no");
        session.setConfig(config);
        Hashtable<String, String> table = new Hashtable<>();
        // ruleid: S026
        table.put("StrictHostKeyChecking", "no");
        session.connect();
        return session;
    }

    void others(String host) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        // ruleid: S026
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        // ruleid: S026
        client.setServerKeyVerifier((clientSession, remoteAddress, serverKey) -> true);
        SSHClient ssh = new SSHClient();
        // ruleid: S026
        ssh.addHostKeyVerifier(new PromiscuousVerifier());
        // ruleid: S026
        new ProcessBuilder("ssh", "-o", "StrictHostKeyChecking=no", host, "uptime").start();
    }

    Session secure(String user, String host, String knownHosts) throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts);
        Session session = jsch.getSession(user, host, 22);
        // ok: S026
        session.setConfig("StrictHostKeyChecking", "yes");
        Properties config = new Properties();
        // ok: S026
        config.put("StrictHostKeyChecking", "ask");
        // ok: S026
        config.put("PreferredAuthentications", "no");
        SSHClient ssh = new SSHClient();
        ssh.loadKnownHosts();
        // ok: S026
        ssh.addHostKeyVerifier("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        // ok: S026
        new ProcessBuilder("ssh", "-o", "StrictHostKeyChecking=yes", host, "uptime").start();
        return session;
    }
}
