package main

import (
	"bytes"
	"errors"
	"net"
	"os/exec"

	"golang.org/x/crypto/ssh"
)

func insecure(signer ssh.Signer, host string) (*ssh.Client, error) {
	config := &ssh.ClientConfig{
		User: "deploy",
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		// ruleid: S026
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	other := &ssh.ClientConfig{
		User: "deploy",
		// ruleid: S026
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			return nil
		},
	}
	// ruleid: S026
	other.HostKeyCallback = func(string, net.Addr, ssh.PublicKey) error { return nil }
	// ruleid: S026
	cmd := exec.Command("ssh", "-o", "StrictHostKeyChecking=no", host, "uptime")
	_ = cmd.Run()
	_ = other
	// ruleid: S026
	sshConfig := `Host *
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null`
	_ = sshConfig
	return ssh.Dial("tcp", host+":22", config)
}

func secure(signer ssh.Signer, host string, hostKey ssh.PublicKey) (*ssh.Client, error) {
	config := &ssh.ClientConfig{
		User: "deploy",
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		// ok: S026
		HostKeyCallback: ssh.FixedHostKey(hostKey),
	}
	other := &ssh.ClientConfig{
		// ok: S026
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			if !bytes.Equal(key.Marshal(), hostKey.Marshal()) {
				return errors.New("host key mismatch")
			}
			return nil
		},
	}
	// ok: S026
	cmd := exec.Command("ssh", "-o", "StrictHostKeyChecking=yes", host, "uptime")
	_ = cmd.Run()
	_ = other
	return ssh.Dial("tcp", host+":22", config)
}
