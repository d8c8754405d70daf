using System;
using System.Diagnostics;
using System.Linq;
using Renci.SshNet;
using Renci.SshNet.Common;

class SshHostKey
{
    void Insecure(string host, string user, PrivateKeyFile key)
    {
        using var client = new SshClient(host, user, key);
        // ruleid: S026
        client.HostKeyReceived += (sender, e) => e.CanTrust = true;
        client.HostKeyReceived += (sender, e) =>
        {
            Console.WriteLine($"Accepting {e.FingerPrintSHA256}");
            // ruleid: S026
            e.CanTrust = true;
        };
        client.HostKeyReceived += delegate (object sender, HostKeyEventArgs e)
        {
            // ruleid: S026
            e.CanTrust = true;
        };
        client.HostKeyReceived += OnHostKeyReceived;
        client.Connect();
        // ruleid: S026
        Process.Start("ssh", $"-o StrictHostKeyChecking=no {user}@{host} uptime");
        // ruleid: S026
        Process.Start("ssh", "-o StrictHostKeyChecking=no deploy@build uptime");
        // ruleid: S026
        var sshConfig = @"Host *
    StrictHostKeyChecking no";
    }

    void OnHostKeyReceived(object sender, HostKeyEventArgs e)
    {
        // ruleid: S026
        e.CanTrust = true;
    }

    void Secure(string host, string user, PrivateKeyFile key, byte[] expected)
    {
        using var client = new SshClient(host, user, key);
        client.HostKeyReceived += (sender, e) =>
        {
            // ok: S026
            e.CanTrust = e.FingerPrint.SequenceEqual(expected);
        };
        client.HostKeyReceived += (sender, e) =>
        {
            if (e.FingerPrintSHA256 == "abc")
            {
                // ok: S026
                e.CanTrust = true;
            }
        };
        client.HostKeyReceived += (sender, e) =>
        {
            if (!e.FingerPrint.SequenceEqual(expected))
            {
                e.CanTrust = false;
                return;
            }
            // ok: S026
            e.CanTrust = true;
        };
        client.Connect();
        // ok: S026
        Process.Start("ssh", "-o StrictHostKeyChecking=yes deploy@build uptime");
    }
}
