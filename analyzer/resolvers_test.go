package analyzer

import "testing"

func TestIsPublicResolver(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "1.1.1.1:53": true, "[2606:4700:4700::1111]:53": true, "2001:4860:4860::8888": true,
		"127.0.0.1": false, "127.0.0.53:53": false, "10.96.0.10": false, "172.16.0.2": false, "192.168.1.1": false,
		"169.254.169.253": false, "100.100.2.136": false, "::1": false, "[::1]:53": false, "fd00::53": false,
		"fe80::1": false, "fea0:abcd:1234::1": false, "kube-dns.kube-system.svc.cluster.local": false,
		"localhost": false, "192.0.2.53": false, "0.0.0.0": false,
	} {
		if got := IsPublicResolver(addr); got != want {
			t.Errorf("IsPublicResolver(%q) = %v, want %v", addr, got, want)
		}
	}
	if PublicResolverName("8.8.4.4:53") != "Google Public DNS" {
		t.Error("8.8.4.4 is Google Public DNS")
	}
}
